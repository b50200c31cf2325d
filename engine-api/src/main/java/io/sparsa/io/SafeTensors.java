package io.sparsa.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * (offsets into the data section that follows) plus an optional {@code "__metadata__"} object of
 * strings, then the raw little-endian tensor data, every byte of it belonging to exactly one tensor.
 * Files written here are readable by Python's {@code safetensors} and hence PyTorch.
 */
public final class SafeTensors {
    /** The header key of the string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Headers larger than this are refused as corrupt, as the reference implementation does. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /**
     * Writes {@code file}'s tensors and metadata to {@code path} through a temporary file in the same
     * directory, renamed over {@code path} only when complete, so a crash never leaves a partial file.
     */
    public static void write(Path path, Map<String, String> metadata, List<SafeTensor> tensors) throws IOException {
        byte[] header = header(metadata, tensors);
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A sibling created with CREATE_NEW (not Files.createTempFile, which makes it owner-only) so the
        // model file gets the usual permissions of the user's umask.
        Path tmp = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                OutputStream out = Channels.newOutputStream(ch);
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                out.write(len.array());
                out.write(header);
                for (SafeTensor t : tensors) {
                    out.write(t.data());
                }
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so the data stays aligned. */
    static byte[] header(Map<String, String> metadata, List<SafeTensor> tensors) {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add(METADATA_KEY, meta);
        }
        long offset = 0;
        for (SafeTensor t : tensors) {
            if (t.name().equals(METADATA_KEY) || root.has(t.name())) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' is reserved or used twice");
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.dtype().name());
            JsonArray shape = new JsonArray();
            for (int d : t.shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + t.data().length);
            entry.add("data_offsets", offsets);
            root.add(t.name(), entry);
            offset += t.data().length;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** Reads and validates a whole file. */
    public static SafeTensorsFile read(Path path) throws IOException {
        String src = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelFormatException("safetensors file " + src + " is truncated: " + size
                        + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, src, "header length");
            long headerLength = lenBuf.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw new ModelFormatException("safetensors file " + src + " is corrupt: header length " + headerLength
                        + " is outside 1.." + MAX_HEADER_BYTES);
            }
            if (8 + headerLength > size) {
                throw new ModelFormatException("safetensors file " + src + " is truncated: its header needs "
                        + headerLength + " bytes but only " + (size - 8) + " follow the length");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8, src, "header");
            String json = new String(headerBuf.array(), StandardCharsets.UTF_8);
            long bodyStart = 8 + headerLength;
            long bodyLength = size - bodyStart;
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = parseHeader(src, json, bodyLength, entries);
            Map<String, SafeTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin));
                readFully(ch, data, bodyStart + e.begin, src, "tensor '" + e.name + "'");
                tensors.put(e.name, new SafeTensor(e.name, e.dtype, e.shape, data.array()));
            }
            return new SafeTensorsFile(src, metadata, tensors);
        }
    }

    private record Entry(String name, SafeTensorsDType dtype, int[] shape, long begin, long end) {
    }

    private static Map<String, String> parseHeader(String src, String json, long bodyLength, List<Entry> entries)
            throws ModelFormatException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new ModelFormatException("safetensors file " + src + " is corrupt: its header is not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFormatException("safetensors file " + src + " is corrupt: its header is not valid JSON ("
                    + e.getMessage() + ")", e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : root.entrySet()) {
            String name = kv.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!kv.getValue().isJsonObject()) {
                    throw new ModelFormatException("safetensors file " + src + ": " + METADATA_KEY + " must be an object");
                }
                for (Map.Entry<String, JsonElement> m : kv.getValue().getAsJsonObject().entrySet()) {
                    if (!isString(m.getValue())) {
                        throw new ModelFormatException("safetensors file " + src + ": metadata value '" + m.getKey()
                                + "' must be a string");
                    }
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            entries.add(parseEntry(src, name, kv.getValue(), bodyLength));
        }
        checkCoverage(src, entries, bodyLength);
        return metadata;
    }

    private static Entry parseEntry(String src, String name, JsonElement value, long bodyLength)
            throws ModelFormatException {
        String where = "safetensors file " + src + ", tensor '" + name + "'";
        if (!value.isJsonObject()) {
            throw new ModelFormatException(where + ": entry must be an object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (!isString(dt)) {
            throw new ModelFormatException(where + ": missing string 'dtype'");
        }
        SafeTensorsDType dtype = SafeTensorsDType.fromHeaderName(dt.getAsString());
        if (dtype == null) {
            throw new ModelFormatException(where + ": unknown dtype '" + dt.getAsString() + "'");
        }
        long[] shapeL = longArray(where, o.get("shape"), "shape", -1);
        long[] offsets = longArray(where, o.get("data_offsets"), "data_offsets", 2);
        int[] shape = new int[shapeL.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeL[i] < 0 || shapeL[i] > Integer.MAX_VALUE) {
                throw new ModelFormatException(where + ": dimension " + i + " is " + shapeL[i]);
            }
            shape[i] = (int) shapeL[i];
            count *= shapeL[i];
            if (count * dtype.bytes() > Integer.MAX_VALUE - 8) {
                throw new ModelFormatException(where + ": more than 2 GB of data in one tensor is not supported");
            }
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin) {
            throw new ModelFormatException(where + ": invalid data_offsets [" + begin + ", " + end + "]");
        }
        if (end - begin != count * dtype.bytes()) {
            throw new ModelFormatException(where + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but " + dtype + java.util.Arrays.toString(shape) + " needs " + count * dtype.bytes());
        }
        if (end > bodyLength) {
            throw new ModelFormatException("safetensors file " + src + " is truncated: tensor '" + name
                    + "' needs bytes [" + begin + ", " + end + ") of the data section but only " + bodyLength
                    + " bytes follow the header");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The data section must be covered exactly, without holes or overlaps, as the format requires. */
    private static void checkCoverage(String src, List<Entry> entries, long bodyLength) throws ModelFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin != at) {
                throw new ModelFormatException("safetensors file " + src + " is corrupt: tensor '" + e.name
                        + "' starts at byte " + e.begin + " of the data section, expected " + at
                        + (e.begin < at ? " (it overlaps another tensor)" : " (a gap precedes it)"));
            }
            at = e.end;
        }
        if (at != bodyLength) {
            throw new ModelFormatException("safetensors file " + src + " is corrupt: the tensors cover " + at
                    + " bytes of the data section but " + bodyLength + " bytes follow the header");
        }
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString();
    }

    private static long[] longArray(String where, JsonElement e, String key, int expectedLength)
            throws ModelFormatException {
        if (e == null || !e.isJsonArray()) {
            throw new ModelFormatException(where + ": missing array '" + key + "'");
        }
        JsonArray a = e.getAsJsonArray();
        if (expectedLength >= 0 && a.size() != expectedLength) {
            throw new ModelFormatException(where + ": '" + key + "' must have " + expectedLength + " entries, got " + a.size());
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new ModelFormatException(where + ": '" + key + "' entry " + i + " is not a number");
            }
            try {
                out[i] = new java.math.BigDecimal(v.getAsString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException ex) {
                throw new ModelFormatException(where + ": '" + key + "' entry " + i + " is not an integer: " + v);
            }
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position, String src, String what)
            throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new ModelFormatException("safetensors file " + src + " is truncated while reading " + what);
            }
            pos += n;
        }
    }
}
