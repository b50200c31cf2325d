package io.sparsa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparsa} command line: one subcommand per job. */
@Command(name = "sparsa", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Sparsa: a compute engine for highly sparse neural networks.",
        subcommands = {ReproduceCommand.class, TrainCommand.class, EvalCommand.class,
                BackendsCommand.class, BenchCommand.class, SpCommand.class, CommandLine.HelpCommand.class})
public final class SparsaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The library logs its automatic backend choice at INFO; the commands print that choice
     * themselves (with the device), so the CLI keeps only the library's warnings. Held in a field
     * because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger SELECTION_LOG =
            java.util.logging.Logger.getLogger("io.sparsa.backend.Backends");

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.config.file") == null) {
            SELECTION_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /** A configured command line: errors print a message, not a stack trace. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SparsaCli());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
