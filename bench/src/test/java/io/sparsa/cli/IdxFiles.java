package io.sparsa.cli;

import io.sparsa.data.Datasets;
import io.sparsa.data.LabeledImages;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX datasets (slices of the bundled digits) for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** A directory dataset of the first {@code train} training and {@code test} test digits, gzipped. */
    static Path digits(Path dir, int train, int test) throws IOException {
        var mnist = Datasets.loadBundledMnist();
        write(dir, "train", mnist.train().slice(0, train));
        write(dir, "t10k", mnist.test().slice(0, test));
        return dir;
    }

    private static void write(Path dir, String prefix, LabeledImages images) throws IOException {
        Files.createDirectories(dir);
        int n = images.size();
        try (DataOutputStream out = gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            out.writeInt(0x0803);
            out.writeInt(n);
            out.writeInt(images.height());
            out.writeInt(images.width());
            float[] px = new float[images.imageSize()];
            for (int i = 0; i < n; i++) {
                images.copyImage(i, px, 0);
                for (float p : px) {
                    out.writeByte(Math.round(p * 255));
                }
            }
        }
        try (DataOutputStream out = gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(0x0801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(images.label(i));
            }
        }
    }

    private static DataOutputStream gz(Path file) throws IOException {
        OutputStream os = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(os));
    }
}
