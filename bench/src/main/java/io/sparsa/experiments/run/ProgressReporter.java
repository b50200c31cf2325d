package io.sparsa.experiments.run;

import io.sparsa.train.BatchProgress;
import io.sparsa.train.EpochResult;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress: a live bar (model, epoch, batch, loss, ETA) on a terminal, or a plain
 * line every {@link #PLAIN_INTERVAL_NANOS} when the output is a file or a pipe. Either way, one
 * line per finished epoch with its loss, accuracy, wall time and images per second.
 */
public final class ProgressReporter implements AutoCloseable {
    /** Minimum time between two plain progress lines. */
    static final long PLAIN_INTERVAL_NANOS = 15_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String label = "";
    private int epochs;
    private ProgressBar bar;
    private long lastPlainLine;
    private int currentEpoch = -1;

    /**
     * @param terminal draw a live bar (true when {@code System.console() != null})
     */
    public ProgressReporter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** For the console: a bar when a terminal is attached. */
    public static ProgressReporter forConsole(PrintStream out) {
        return new ProgressReporter(out, System.console() != null);
    }

    public PrintStream out() {
        return out;
    }

    /** A model starts training for {@code epochs} epochs; {@code label} names it in every line. */
    public void startModel(String label, int epochs) {
        closeBar();
        this.label = label;
        this.epochs = epochs;
        this.currentEpoch = -1;
        this.lastPlainLine = System.nanoTime();
    }

    /** After every training batch. */
    public void batch(BatchProgress p) {
        if (p.epoch() != currentEpoch) {
            currentEpoch = p.epoch();
            closeBar();
            if (terminal) {
                // short texts leave room for the bar on an 80-column terminal
                bar = new ProgressBarBuilder().setTaskName(label.replace(" seed ", " s") + " e" + (p.epoch() + 1) + "/" + epochs)
                        .setInitialMax(p.batches()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(out)).build();
            }
        }
        if (bar != null) {
            bar.stepTo(p.batch() + 1L);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f", p.loss()));
        } else {
            long now = System.nanoTime();
            if (now - lastPlainLine >= PLAIN_INTERVAL_NANOS && p.batch() + 1 < p.batches()) {
                lastPlainLine = now;
                out.printf(Locale.ROOT, "  %s epoch %d/%d: batch %d/%d, loss %.4f%n", label, p.epoch() + 1, epochs,
                        p.batch() + 1, p.batches(), p.loss());
                out.flush();
            }
        }
    }

    /** After every epoch: its summary line. */
    public void epoch(EpochResult r) {
        closeBar();
        out.println(epochLine(label, r, epochs));
        out.flush();
        lastPlainLine = System.nanoTime();
    }

    /** A line of its own (the bar, if any, is finished first). */
    public void message(String line) {
        closeBar();
        out.println(line);
        out.flush();
    }

    /** The per-epoch line: loss, training accuracy, wall time and images per second. */
    public static String epochLine(String label, EpochResult r, int epochs) {
        return String.format(Locale.ROOT, "  %s epoch %d/%d: loss %.4f, train accuracy %.4f, %.1f s, %.0f images/s"
                        + " (batch %d, lr %s)", label, r.epoch() + 1, epochs, r.meanLoss(), r.trainAccuracy(),
                r.seconds(), r.imagesPerSecond(), r.batchSize(), r.learningRate());
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
        out.flush();
    }
}
