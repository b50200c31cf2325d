package io.sparsa.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM, capturing what it prints. */
final class Cli {
    private Cli() {
    }

    /** The exit code and the captured output. */
    record Result(int code, String out, String err) {
        /** Both streams, for assertion messages. */
        String all() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // built after System.out is replaced: picocli's help goes to System.out as it was then
            CommandLine cl = SparsaCli.newCommandLine();
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(args);
            cl.getOut().flush();
            System.out.flush();
            return new Result(code, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }
}
