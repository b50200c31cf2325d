package io.sparsa.data;

import io.sparsa.tensor.Shapes;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads files in the IDX format of MNIST, Fashion-MNIST, KMNIST and their kin, gzipped or not
 * (recognised by the gzip magic bytes, not by the file name).
 *
 * <p>An IDX file starts with a magic number of four bytes: two zero bytes, an element type code
 * ({@code 0x08} = unsigned byte, the only type these datasets use) and the number of dimensions;
 * then each dimension as a big-endian 32-bit integer; then the elements in row-major order and
 * nothing after them.
 */
public final class IdxReader {
    /** Element type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    private static final int MAX_RANK = 8;

    private IdxReader() {
    }

    /** Reads a file and checks that it has {@code expectedRank} dimensions. */
    public static IdxArray read(Path file, int expectedRank) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), expectedRank);
        }
    }

    /**
     * Reads an IDX stream (gzipped or not) and checks that it has {@code expectedRank}
     * dimensions; {@code source} names it in messages. The stream is read to its end but not closed.
     */
    public static IdxArray read(InputStream raw, String source, int expectedRank) throws IOException {
        try {
            return readChecked(decompressIfGzipped(raw), source, expectedRank);
        } catch (ZipException e) {
            throw new IdxFormatException("IDX file " + source + " is corrupt: its gzip data cannot be decompressed ("
                    + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new IdxFormatException("IDX file " + source + " is truncated: its gzip stream ends early", e);
        }
    }

    private static InputStream decompressIfGzipped(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    private static IdxArray readChecked(InputStream in, String source, int expectedRank) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException("IDX file " + source + " is truncated: it has " + magic.length
                    + " bytes, fewer than the 4-byte magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(String.format("%s is not an IDX file: its magic number 0x%02x%02x%02x%02x"
                            + " does not start with two zero bytes", source,
                    magic[0] & 0xFF, magic[1] & 0xFF, magic[2] & 0xFF, magic[3] & 0xFF));
        }
        int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(String.format("IDX file %s holds elements of type code 0x%02x; only unsigned"
                    + " bytes (0x08), as in MNIST-style image and label files, are supported", source, type));
        }
        int rank = magic[3] & 0xFF;
        if (rank != expectedRank) {
            throw new IdxFormatException("IDX file " + source + " has " + rank + " dimensions (magic number "
                    + (UNSIGNED_BYTE << 8 | rank) + "), expected " + expectedRank + " (magic number "
                    + (UNSIGNED_BYTE << 8 | expectedRank) + ")");
        }
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException("IDX file " + source + " declares " + rank + " dimensions; 1 to " + MAX_RANK
                    + " are supported");
        }
        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank) {
            throw new IdxFormatException("IDX file " + source + " is truncated inside its header: " + rank
                    + " dimensions need " + 4 * rank + " bytes, only " + header.length + " follow the magic number");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = (header[4 * i] & 0xFF) << 24 | (header[4 * i + 1] & 0xFF) << 16
                    | (header[4 * i + 2] & 0xFF) << 8 | (header[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw new IdxFormatException("IDX file " + source + " is corrupt: dimension " + i + " is "
                        + Integer.toUnsignedString(dims[i]) + ", too large");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException("IDX file " + source + " is corrupt or too large: dimensions "
                        + Shapes.format(dims) + " give more than " + (Integer.MAX_VALUE - 8) + " elements");
            }
        }
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw new IdxFormatException("IDX file " + source + " is truncated: dimensions "
                    + Shapes.format(dims) + " need " + count + " bytes of data, only " + data.length + " follow the header");
        }
        long extra = in.transferTo(java.io.OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new IdxFormatException("IDX file " + source + " is corrupt: " + extra + " unexpected bytes follow the "
                    + count + " elements of dimensions " + Shapes.format(dims));
        }
        return new IdxArray(source, dims, data);
    }
}
