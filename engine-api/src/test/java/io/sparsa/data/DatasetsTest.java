package io.sparsa.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void theBundledDigitsLoadFromTheClassPath() throws IOException {
        Dataset d = Datasets.load("mnist");
        assertEquals(8000, d.train().size());
        assertEquals(2000, d.test().size());
        assertEquals(28, d.train().height());
        assertEquals(28, d.train().width());
        assertEquals(1, d.train().channels());
        assertEquals(10, d.classCount());
        int[] perClass = new int[10];
        for (int i = 0; i < d.test().size(); i++) {
            perClass[d.test().label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(perClass[c] > 150, "digit " + c + " appears " + perClass[c] + " times in the test split");
        }
        // Real digits: about 19% of MNIST pixels are ink, with a mean grey level near 0.13.
        float[] px = new float[784];
        double sum = 0;
        for (int i = 0; i < 500; i++) {
            d.train().copyImage(i, px, 0);
            for (float v : px) {
                sum += v;
            }
        }
        double mean = sum / (500 * 784);
        assertTrue(mean > 0.10 && mean < 0.16, "mean pixel " + mean);
    }

    @Test
    void aDirectoryOfIdxFilesLoads() throws IOException {
        writeSplit(dir, 6, 3, true);
        Dataset d = Datasets.load(dir.toString());
        assertEquals(6, d.train().size());
        assertEquals(3, d.test().size());
        assertEquals(4, d.train().height());
        assertEquals(dir.toAbsolutePath().toString(), d.source());
    }

    @Test
    void aMissingDirectoryIsExplained() {
        Path nowhere = dir.resolve("no-such-dir");
        String msg = assertThrows(DatasetNotFoundException.class, () -> Datasets.load(nowhere.toString())).getMessage();
        assertTrue(msg.contains("no-such-dir") && msg.contains("mnist") && msg.contains("train-images-idx3-ubyte"), msg);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        writeSplit(dir, 4, 2, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        String msg = assertThrows(DatasetNotFoundException.class, () -> Datasets.load(dir.toString())).getMessage();
        assertTrue(msg.contains("lacks t10k-labels-idx1-ubyte"), msg);
    }

    @Test
    void anAbsentNamedDatasetSaysWhereItLookedAndHowToGetIt() {
        List<Path> places = List.of(dir.resolve("system"), dir.resolve("home"));
        String msg = assertThrows(DatasetNotFoundException.class,
                () -> Datasets.loadFirstFound(Datasets.FASHION_MNIST, places)).getMessage();
        assertTrue(msg.contains(places.get(0).toString()) && msg.contains(places.get(1).toString()), msg);
        assertTrue(msg.contains("apt-get install dataset-fashion-mnist") && msg.contains("~/.sparsa/data/fashion-mnist"), msg);
        assertEquals(Path.of(Datasets.FASHION_SYSTEM_DIR), Datasets.fashionMnistLocations().get(0));
    }

    @Test
    void theFirstCompleteLocationWins() throws IOException {
        Path partial = dir.resolve("a");
        Path full = dir.resolve("b");
        Files.createDirectories(partial);
        Files.write(partial.resolve("train-images-idx3-ubyte"), new byte[0]);
        writeSplit(full, 5, 2, true);
        Dataset d = Datasets.loadFirstFound("x", List.of(partial, full));
        assertEquals(5, d.train().size());
    }

    @Test
    void aCorruptFileInADirectoryIsReported() throws IOException {
        writeSplit(dir, 4, 2, false);
        Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[]{0, 0, 8, 3, 0, 0});
        String msg = assertThrows(IdxFormatException.class, () -> Datasets.load(dir.toString())).getMessage();
        assertTrue(msg.contains("train-images-idx3-ubyte") && msg.contains("truncated"), msg);
    }

    static void writeSplit(Path dir, int train, int test, boolean gz) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train-images-idx3-ubyte", IdxReaderTest.idx(8, new int[]{train, 4, 4}, IdxReaderTest.ramp(train * 16)), gz);
        write(dir, "train-labels-idx1-ubyte", IdxReaderTest.idx(8, new int[]{train}, labels(train)), gz);
        write(dir, "t10k-images-idx3-ubyte", IdxReaderTest.idx(8, new int[]{test, 4, 4}, IdxReaderTest.ramp(test * 16)), gz);
        write(dir, "t10k-labels-idx1-ubyte", IdxReaderTest.idx(8, new int[]{test}, labels(test)), gz);
    }

    private static byte[] labels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 3);
        }
        return b;
    }

    private static void write(Path dir, String name, byte[] raw, boolean gz) throws IOException {
        Files.write(dir.resolve(gz ? name + ".gz" : name), gz ? IdxReaderTest.gzip(raw) : raw);
    }
}
