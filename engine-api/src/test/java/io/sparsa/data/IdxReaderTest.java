package io.sparsa.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dimensions and data. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] ramp(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 37 + 11);
        }
        return data;
    }

    private IdxArray read(byte[] bytes, int rank) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(bytes), "test.idx", rank);
    }

    private String failure(byte[] bytes, int rank) {
        return assertThrows(IdxFormatException.class, () -> read(bytes, rank)).getMessage();
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] data = ramp(3 * 5 * 7);
        byte[] raw = idx(0x08, new int[]{3, 5, 7}, data);
        for (byte[] bytes : new byte[][]{raw, gzip(raw)}) {
            IdxArray a = read(bytes, 3);
            assertArrayEquals(new int[]{3, 5, 7}, a.dimensions());
            assertArrayEquals(data, a.data());
            assertEquals(data[4] & 0xFF, a.unsigned(4));
        }
        Path file = dir.resolve("x-idx3-ubyte.gz");
        Files.write(file, gzip(raw));
        assertArrayEquals(data, IdxReader.read(file, 3).data());
    }

    @Test
    void refusesAWrongMagicNumber() {
        byte[] bytes = idx(0x08, new int[]{4}, ramp(4));
        bytes[1] = 7;
        assertTrue(failure(bytes, 1).contains("not an IDX file"), failure(bytes, 1));
        String msg = failure(idx(0x0D, new int[]{4}, new byte[16]), 1);
        assertTrue(msg.contains("0x0d") && msg.contains("unsigned bytes"), msg);
    }

    @Test
    void refusesTheWrongNumberOfDimensions() {
        String msg = failure(idx(0x08, new int[]{2, 2}, ramp(4)), 3);
        assertTrue(msg.contains("has 2 dimensions") && msg.contains("expected 3") && msg.contains("2051"), msg);
    }

    @Test
    void reportsTruncatedFiles() throws IOException {
        byte[] full = idx(0x08, new int[]{10, 4, 4}, ramp(160));
        String shortData = failure(Arrays.copyOf(full, full.length - 5), 3);
        assertTrue(shortData.contains("truncated") && shortData.contains("need 160 bytes") && shortData.contains("155"),
                shortData);
        String shortHeader = failure(Arrays.copyOf(full, 9), 3);
        assertTrue(shortHeader.contains("truncated inside its header"), shortHeader);
        String shortMagic = failure(new byte[]{0, 0}, 1);
        assertTrue(shortMagic.contains("fewer than the 4-byte magic"), shortMagic);
        byte[] gz = gzip(full);
        String shortGzip = failure(Arrays.copyOf(gz, gz.length / 2), 3);
        assertTrue(shortGzip.contains("truncated"), shortGzip);
    }

    @Test
    void reportsCorruptFiles() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[]{10, 4, 4}, ramp(160)));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] ^= (byte) 0x5A;
        }
        String msg = failure(gz, 3);
        assertTrue(msg.contains("test.idx") && (msg.contains("corrupt") || msg.contains("truncated")), msg);
        byte[] extra = Arrays.copyOf(idx(0x08, new int[]{4}, ramp(4)), 4 + 4 + 4 + 3);
        String trailing = failure(extra, 1);
        assertTrue(trailing.contains("3 unexpected bytes"), trailing);
        byte[] huge = idx(0x08, new int[]{1 << 20, 1 << 20}, new byte[0]);
        assertTrue(failure(huge, 2).contains("too large"), failure(huge, 2));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope-idx1-ubyte");
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(missing, 1));
        assertTrue(e.getMessage().contains("nope-idx1-ubyte"), e.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgree() throws IOException {
        IdxArray images = read(idx(0x08, new int[]{3, 2, 2}, ramp(12)), 3);
        IdxArray labels = read(idx(0x08, new int[]{4}, new byte[]{1, 2, 3, 4}), 1);
        String msg = assertThrows(IdxFormatException.class, () -> LabeledImages.fromIdx(images, labels)).getMessage();
        assertTrue(msg.contains("3 images") && msg.contains("4 labels"), msg);
        LabeledImages ok = LabeledImages.fromIdx(images,
                read(idx(0x08, new int[]{3}, new byte[]{1, 2, 9}), 1));
        assertEquals(3, ok.size());
        assertEquals(10, ok.classCount());
        float[] px = new float[4];
        ok.copyImage(1, px, 0);
        assertEquals((ramp(12)[4] & 0xFF) / 255f, px[0]);
    }
}
