package io.sparsa.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static List<SafeTensor> sample() {
        return List.of(
                SafeTensor.ofFloats("0.weight", new int[]{2, 3}, new float[]{1.5f, -2f, 0f, 3.25f, 1e-3f, -0f}),
                SafeTensor.ofFloat16Flags("0.zero_mask", new int[]{2, 3}, new boolean[]{false, false, true, false, false, true}),
                SafeTensor.ofLongs("1.num_batches_tracked", new int[0], new long[]{1234567890123L}),
                SafeTensor.ofFloats("2.boost_strength", new int[0], new float[]{1.5f}));
    }

    @Test
    void roundTripsTensorsAndMetadata() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of("format", "pt", "sparsa.architecture", "[{\"type\":\"ReLU\"}]"), sample());
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals("pt", read.metadata().get("format"));
        assertEquals("[{\"type\":\"ReLU\"}]", read.metadata().get("sparsa.architecture"));
        assertEquals(List.of("0.weight", "0.zero_mask", "1.num_batches_tracked", "2.boost_strength"),
                List.copyOf(read.tensors().keySet()));
        for (SafeTensor t : sample()) {
            assertEquals(t, read.tensors().get(t.name()));
        }
        assertArrayEquals(new float[]{0, 0, 1, 0, 0, 1}, read.require("0.zero_mask").toFloats());
        assertArrayEquals(new long[]{1234567890123L}, read.require("1.num_batches_tracked").toLongs());
        assertArrayEquals(new int[0], read.require("2.boost_strength").shape());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void theLayoutIsTheSafetensorsFormat() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of(), sample());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "the header is padded to keep the data 8-byte aligned");
        JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim())
                .getAsJsonObject();
        JsonObject w = header.getAsJsonObject("0.weight");
        assertEquals("F32", w.get("dtype").getAsString());
        assertEquals("[2,3]", w.get("shape").toString());
        assertEquals("[0,24]", w.get("data_offsets").toString());
        assertEquals("[24,36]", header.getAsJsonObject("0.zero_mask").get("data_offsets").toString());
        assertEquals("F16", header.getAsJsonObject("0.zero_mask").get("dtype").getAsString());
        assertEquals("I64", header.getAsJsonObject("1.num_batches_tracked").get("dtype").getAsString());
        assertEquals(8 + n + 24 + 12 + 8 + 4, bytes.length);
        float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(1.5f, first);
    }

    @Test
    void readsAFileWrittenByHand() throws IOException {
        // As Python's safetensors writes it: no metadata, unpadded header, BF16 and I32 tensors.
        String json = "{\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[2,10]},"
                + "\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putShort((short) 0x3FC0).putInt(-7).putInt(42);
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, b.array());
        SafeTensorsFile f = SafeTensors.read(file);
        assertArrayEquals(new float[]{1.5f}, f.require("a").toFloats());
        assertArrayEquals(new long[]{-7, 42}, f.require("b").toLongs());
        String missing = assertThrows(ModelFormatException.class, () -> f.require("c")).getMessage();
        assertTrue(missing.contains("'c'") && missing.contains("hand.safetensors"), missing);
    }

    @Test
    void aTruncatedBodyIsRefusedNamingTheTensor() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of(), sample());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        String msg = assertThrows(ModelFormatException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(msg.contains("truncated") && msg.contains("2.boost_strength"), msg);
        Files.write(file, Arrays.copyOf(bytes, 20));
        String header = assertThrows(ModelFormatException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(header.contains("truncated") && header.contains("header"), header);
        Files.write(file, new byte[5]);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.read(file)).getMessage()
                .contains("fewer than the 8-byte header length"));
    }

    @Test
    void corruptHeadersAreRefused() throws IOException {
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 8, "needs 8");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "cover 4 bytes");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "a gap precedes it");
        assertCorrupt("{\"a\":{\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "unknown dtype 'Q8'");
        assertCorrupt("{\"a\":[1,2]}", 0, "must be an object");
        assertCorrupt("{\"a\":", 0, "not valid JSON");
        assertCorrupt("{\"__metadata__\":{\"k\":3}}", 0, "must be a string");
        Path file = dir.resolve("len.safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).array());
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.read(file)).getMessage()
                .contains("header length -5"));
    }

    private void assertCorrupt(String json, int bodyBytes, String expected) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path file = dir.resolve("c.safetensors");
        Files.write(file, b.array());
        String msg = assertThrows(ModelFormatException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(msg.contains(expected) && msg.contains("c.safetensors"), msg);
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of(), sample());
        byte[] before = Files.readAllBytes(file);
        List<SafeTensor> clash = List.of(sample().get(0), sample().get(0));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, Map.of(), clash));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void halfPrecisionDecodes() {
        assertEquals(1f, Float16.toFloat((short) 0x3C00));
        assertEquals(-2f, Float16.toFloat((short) 0xC000));
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1.0p-24f, Float16.toFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7C00));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7E00)));
    }
}
