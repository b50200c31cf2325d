package io.sparsa.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparsa sp} end to end on a slice of the bundled digits, on the reference backend (always
 * available, and the ground truth), with a pooler small enough to run in seconds.
 */
class SpCommandTest {
    /** The bundled digits on the reference backend, with {@code extra} options added. */
    private static String[] small(int train, String... extra) {
        String[] base = {"sp", "--dataset", "mnist", "--backend", "reference", "--active", "20",
            "--train-limit", String.valueOf(train), "--test-limit", "100"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static Result run(String... args) {
        CommandLine cl = SparsaCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
        double number(String regex) {
            Matcher m = Pattern.compile(regex).matcher(out);
            assertTrue(m.find(), "output should match " + regex + ":\n" + out);
            return Double.parseDouble(m.group(1));
        }
    }

    @Test
    void encodesClassifiesAndReportsActivity() {
        Result r = run(small(600, "--columns", "16x16"));
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("parameters: preset thread-mnist; changed: columns 16x16; active 20"), r.out());
        assertEquals(20, r.number("active columns per input: mean ([0-9.]+)"), 1e-9);
        assertEquals(20, r.number("active columns per input: mean [0-9.]+, min ([0-9]+)"));
        double won = r.number("columns that ever won: ([0-9]+) of 256");
        assertTrue(won > 20 && won <= 256, "columns that ever won: " + won);
        // 600 stored codes of 20 of 256 columns: far better than the 10% of guessing
        double accuracy = r.number("test accuracy: ([0-9.]+)%");
        assertTrue(accuracy > 50, "accuracy " + accuracy + "%\n" + r.out());
        assertTrue(r.out().contains("k-NN (k=1, overlap): stored 600 codes"), r.out());
    }

    @Test
    void learningKeepsTheConfiguredNumberOfActiveColumns() {
        Result r = run(small(300, "--columns", "16x16", "--learn", "--epochs", "2", "--knn-k", "3", "--distance", "hamming"));
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("synPermActiveInc 0.05 and synPermInactiveDec 0.008"), r.out());
        for (int epoch = 1; epoch <= 2; epoch++) {
            assertEquals(20, r.number("learning epoch " + epoch + "/2: 300 inputs in [0-9.]+ s; active columns per input "
                    + "mean [0-9.]+, min ([0-9]+)"), "no collapse in epoch " + epoch);
        }
        assertEquals(20, r.number("active columns per input: mean [0-9.]+, min ([0-9]+)"));
        assertTrue(r.number("test accuracy: ([0-9.]+)%") > 50, r.out());
    }

    @Test
    void localInhibitionReportsItsRadius() {
        // pools of radius 4 under 16x16 columns: a connected span near 9 inputs, 16 / 28 columns per input
        Result r = run(small(300, "--columns", "16x16", "--potential-radius", "4", "--local-inhibition"));
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("changed: columns 16x16; active 20; local inhibition; potentialRadius 4"), r.out());
        assertTrue(r.out().contains("globalInhibition=false"), r.out());
        double radius = r.number("local inhibition: radius ([0-9]+) columns");
        assertTrue(radius >= 1 && radius < 16, "radius " + radius);
        assertTrue(r.number("active columns per input: mean ([0-9.]+)") >= 1, r.out());
        assertTrue(r.number("test accuracy: ([0-9.]+)%") > 30, r.out());
    }

    @Test
    void badArgumentsExitWithAClearMessage() {
        Result r = run(small(50, "--columns", "16xx"));
        assertEquals(ErrorHandler.BAD_INPUT, r.code(), r.out());
        assertTrue(r.err().contains("--columns"), r.err());

        r = run(small(50, "--preset", "htm-default"));
        assertEquals(ErrorHandler.BAD_INPUT, r.code());
        assertTrue(r.err().contains("unknown spatial pooler preset 'htm-default'"), r.err());

        r = run(small(50, "--columns", "4096"));
        assertEquals(ErrorHandler.BAD_INPUT, r.code());
        assertTrue(r.err().contains("same number of dimensions"), r.err());

        r = run(small(50, "--knn-k", "0"));
        assertEquals(ErrorHandler.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--knn-k"), r.err());

        r = run(small(50, "--distance", "cosine"));
        assertEquals(ErrorHandler.BAD_INPUT, r.code());
        assertTrue(r.err().contains("cosine"), r.err());
    }
}
