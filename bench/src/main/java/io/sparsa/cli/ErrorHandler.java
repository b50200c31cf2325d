package io.sparsa.cli;

import io.sparsa.backend.BackendUnavailableException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns the errors a user can cause (bad arguments, missing data, unavailable backend) into one
 * clear line on stderr and a non-zero exit code; anything else keeps its stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    /** Exit code for a backend that was asked for but cannot run. */
    static final int BACKEND_UNAVAILABLE = 3;
    /** Exit code for bad input (arguments, files, data). */
    static final int BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (ex instanceof BackendUnavailableException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return BACKEND_UNAVAILABLE;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof java.io.UncheckedIOException || ex instanceof IllegalStateException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        ex.printStackTrace(err);
        err.flush();
        return 1;
    }
}
