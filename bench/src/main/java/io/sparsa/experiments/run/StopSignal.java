package io.sparsa.experiments.run;

import io.sparsa.train.Trainer;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C handling for long runs. A shutdown hook asks the training in progress to stop after its
 * current batch, then holds the JVM open until the run has written what it finished (models,
 * partial tables), at most {@link #GRACE_SECONDS}. Closing the signal after a normal run removes
 * the hook.
 */
public final class StopSignal implements AutoCloseable {
    /** How long the hook waits for the run to write its results. */
    public static final long GRACE_SECONDS = 120;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;
    private volatile Trainer current;

    private StopSignal(PrintStream err, boolean installHook) {
        if (installHook) {
            hook = new Thread(() -> {
                err.println();
                err.println("sparsa: interrupted; stopping after the current batch and writing the finished results...");
                err.flush();
                request();
                try {
                    finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sparsa-ctrl-c");
            Runtime.getRuntime().addShutdownHook(hook);
        } else {
            hook = null;
        }
    }

    /** A signal raised by Ctrl-C (and by {@link #request()}). */
    public static StopSignal onCtrlC(PrintStream err) {
        return new StopSignal(err, true);
    }

    /** A signal raised only by {@link #request()} (tests, embedding). */
    public static StopSignal manual() {
        return new StopSignal(null, false);
    }

    /** Asks the run to stop: the training in progress ends after its current batch. */
    public void request() {
        requested = true;
        Trainer t = current;
        if (t != null) {
            t.requestStop();
        }
    }

    public boolean requested() {
        return requested;
    }

    /** Forwards a stop request to {@code trainer} while it trains (null to forget it). */
    public void watch(Trainer trainer) {
        current = trainer;
        if (requested && trainer != null) {
            trainer.requestStop();
        }
    }

    /**
     * Prints {@code e} on stderr at once when a stop was requested: once this signal is closed the
     * JVM exits, possibly before the usual error handler gets to print.
     */
    public void reportIfStopping(Exception e) {
        if (requested) {
            System.err.println("error while stopping: " + e);
            System.err.flush();
        }
    }

    /** The run has written everything: lets an interrupted JVM exit, or removes the hook after a normal run. */
    @Override
    public void close() {
        current = null;
        finished.countDown();
        if (hook != null && !requested) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook returns at once because the latch is open
            }
        }
    }
}
