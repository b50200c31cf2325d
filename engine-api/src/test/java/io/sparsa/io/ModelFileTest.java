package io.sparsa.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sparsa.backend.Backend;
import io.sparsa.nn.Boosting;
import io.sparsa.nn.KWinners;
import io.sparsa.nn.Sequential;
import io.sparsa.reference.ReferenceBackend;
import io.sparsa.tensor.Tensor;
import io.sparsa.train.CrossEntropyLoss;
import io.sparsa.train.Sgd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    private static final long SEED = 4242L;
    private static Backend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        backend = new ReferenceBackend();
        System.out.println("ModelFileTest seed " + SEED);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** A network with every kind of state, trained a few steps so nothing is at its initial value. */
    private static Sequential trainedNetwork() {
        Sequential net = Sequential.builder(backend, SEED, 1, 12, 12)
                .sparseConv2d(4, 3, 1, 1, 0.5).batchNorm2d().maxPool2d(2).kWinners2d(40, 1.5, new Boosting(1.5, 0.85, 1000))
                .conv2d(3, 3, 1, 0).kWinners2dLocal(2, 1.5, Boosting.DEFAULT).flatten()
                .sparseLinear(20, 0.7).kWinners(6, 1.5, new Boosting(1.5, 0.85, 1000)).dropout(0.2)
                .linear(12).batchNorm1d().relu().linear(5).build();
        try (Sgd sgd = new Sgd(net, 0.05f, 0.9f, 0f); CrossEntropyLoss loss = new CrossEntropyLoss(backend)) {
            for (int step = 0; step < 3; step++) {
                try (Tensor x = backend.fromArray(input(8, step), 8, 1, 12, 12);
                     Tensor y = backend.fromArray(new int[]{0, 1, 2, 3, 4, 0, 1, 2}, 8)) {
                    loss.forward(net.forward(x), y);
                    net.backward(loss.backward());
                    sgd.step();
                }
            }
        }
        net.updateBoostStrength();
        return net;
    }

    private static float[] input(int batch, int salt) {
        Random r = new Random(SEED + salt);
        float[] v = new float[batch * 144];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    private static float[] predict(Sequential net) {
        try (Tensor x = backend.fromArray(input(16, 99), 16, 1, 12, 12)) {
            return net.forward(x).toFloatArray();
        }
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Sequential net = trainedNetwork()) {
            net.eval();
            float[] before = predict(net);
            ModelFile.save(net, file);
            try (Sequential loaded = ModelFile.load(backend, file)) {
                assertFalse(loaded.isTraining(), "a loaded model is in evaluation mode");
                assertArrayEquals(before, predict(loaded), "predictions after save and load");
                assertEquals(net.specs(), loaded.specs());
                for (int i = 0; i < net.size(); i++) {
                    assertEquals(net.layer(i).state(), loaded.layer(i).state(), "state of layer " + i);
                }
                assertEquals(1.5 * 0.85, ((KWinners) loaded.layer(8)).boostStrength(), 1e-6,
                        "the decayed strength is restored");
            }
        }
    }

    @Test
    void namesShapesAndMetadataAreThoseOfPyTorch() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Sequential net = trainedNetwork()) {
            ModelFile.save(net, file);
        }
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("0.weight", "F32[4, 1, 3, 3]");
        expected.put("0.bias", "F32[4]");
        expected.put("0.zero_mask", "F16[4, 1, 3, 3]");
        expected.put("1.weight", "F32[4]");
        expected.put("1.bias", "F32[4]");
        expected.put("1.running_mean", "F32[4]");
        expected.put("1.running_var", "F32[4]");
        expected.put("1.num_batches_tracked", "I64[]");
        expected.put("3.boost_strength", "F32[]");
        expected.put("3.duty_cycle", "F32[1, 4, 1, 1]");
        expected.put("4.weight", "F32[3, 4, 3, 3]");
        expected.put("4.bias", "F32[3]");
        expected.put("5.boost_strength", "F32[]");
        expected.put("5.duty_cycle", "F32[1, 3, 1, 1]");
        expected.put("7.weight", "F32[20, 48]");
        expected.put("7.bias", "F32[20]");
        expected.put("7.zero_mask", "F16[20, 48]");
        expected.put("8.boost_strength", "F32[]");
        expected.put("8.duty_cycle", "F32[20]");
        expected.put("10.weight", "F32[12, 20]");
        expected.put("10.bias", "F32[12]");
        expected.put("11.weight", "F32[12]");
        expected.put("11.bias", "F32[12]");
        expected.put("11.running_mean", "F32[12]");
        expected.put("11.running_var", "F32[12]");
        expected.put("11.num_batches_tracked", "I64[]");
        expected.put("13.weight", "F32[5, 12]");
        expected.put("13.bias", "F32[5]");
        Map<String, String> actual = new LinkedHashMap<>();
        f.tensors().forEach((k, v) -> actual.put(k, v.dtype() + Arrays.toString(v.shape())));
        assertEquals(expected, actual);
        assertArrayEquals(new long[]{3}, f.require("1.num_batches_tracked").toLongs());
        float[] mask = f.require("7.zero_mask").toFloats();
        float[] weight = f.require("7.weight").toFloats();
        int masked = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 1f) {
                masked++;
                assertEquals(0f, weight[i], "masked weights are stored as zeros");
            }
        }
        assertEquals(20 * (48 - 14), masked, "each of 20 outputs keeps round(0.3 * 48) = 14 weights");

        assertEquals("pt", f.metadata().get("format"));
        JsonArray arch = JsonParser.parseString(f.metadata().get(Architecture.KEY)).getAsJsonArray();
        assertEquals(14, arch.size());
        JsonObject first = arch.get(0).getAsJsonObject();
        assertEquals("SparseConv2d", first.get("type").getAsString());
        assertEquals("[1,12,12]", first.get("inputShape").toString());
        assertEquals(0.5, first.get("sparsity").getAsDouble());
        JsonObject kw = arch.get(3).getAsJsonObject();
        assertEquals("KWinners2d", kw.get("type").getAsString());
        assertEquals(40, kw.get("k").getAsInt());
        assertEquals(60, kw.get("kInference").getAsInt());
        assertFalse(kw.get("local").getAsBoolean());
        assertEquals(1.5, kw.get("boostStrength").getAsDouble());
        assertEquals(0.85, kw.get("boostStrengthFactor").getAsDouble());
        assertEquals(1000, kw.get("dutyCyclePeriod").getAsInt());
        assertEquals("{\"type\":\"MaxPool2d\",\"kernel\":2,\"stride\":2}", arch.get(2).toString());
        assertEquals("{\"type\":\"BatchNorm1d\",\"features\":12,\"eps\":1.0E-5,\"momentum\":0.1,\"affine\":true}",
                arch.get(11).toString());
        assertEquals("Flatten", arch.get(6).getAsJsonObject().get("type").getAsString());
        assertEquals(0.2, arch.get(9).getAsJsonObject().get("p").getAsDouble());
    }

    /** Rewrites a saved model with {@code edit} applied to its tensor list, then tries to load it. */
    private String loadFailure(UnaryOperator<List<SafeTensor>> edit) throws IOException {
        Path file = dir.resolve("edited.safetensors");
        try (Sequential net = trainedNetwork()) {
            ModelFile.save(net, file);
        }
        SafeTensorsFile f = SafeTensors.read(file);
        SafeTensors.write(file, f.metadata(), edit.apply(new ArrayList<>(f.tensors().values())));
        long before = backend.liveAllocations();
        String msg = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertEquals(before, backend.liveAllocations(), "a refused file leaves nothing allocated");
        assertTrue(msg.contains("edited.safetensors"), msg);
        return msg;
    }

    private static List<SafeTensor> replace(List<SafeTensor> tensors, String name, SafeTensor with) {
        tensors.replaceAll(t -> t.name().equals(name) ? with : t);
        return tensors;
    }

    @Test
    void aWrongShapeIsRefusedNamingTheTensor() throws IOException {
        String msg = loadFailure(t -> replace(t, "10.weight", SafeTensor.ofFloats("10.weight", new int[]{20, 12},
                new float[240])));
        assertTrue(msg.contains("'10.weight' has shape [20, 12], expected [12, 20]"), msg);
    }

    @Test
    void aMissingTensorIsRefusedNamingIt() throws IOException {
        String msg = loadFailure(t -> {
            t.removeIf(x -> x.name().equals("8.duty_cycle"));
            return t;
        });
        assertTrue(msg.contains("missing tensor '8.duty_cycle'"), msg);
    }

    @Test
    void anUnexpectedTensorOrDtypeIsRefused() throws IOException {
        String extra = loadFailure(t -> {
            t.add(SafeTensor.ofFloats("2.weight", new int[]{1}, new float[]{1}));
            return t;
        });
        assertTrue(extra.contains("unexpected tensor '2.weight'"), extra);
        String dtype = loadFailure(t -> replace(t, "1.num_batches_tracked",
                SafeTensor.ofFloats("1.num_batches_tracked", new int[0], new float[]{3})));
        assertTrue(dtype.contains("'1.num_batches_tracked' has dtype F32, expected I64"), dtype);
    }

    @Test
    void aMaskThatBreaksTheFanInOrAWeightUnderTheMaskIsRefused() throws IOException {
        String fanIn = loadFailure(t -> {
            SafeTensor m = t.stream().filter(x -> x.name().equals("7.zero_mask")).findFirst().orElseThrow();
            boolean[] flags = new boolean[20 * 48];
            float[] v = m.toFloats();
            for (int i = 0; i < v.length; i++) {
                flags[i] = v[i] != 0;
            }
            flags[Arrays.asList(toObjects(v)).indexOf(1f)] = false;
            return replace(t, "7.zero_mask", SafeTensor.ofFloat16Flags("7.zero_mask", new int[]{20, 48}, flags));
        });
        assertTrue(fanIn.contains("layer 7") && fanIn.contains("keeps 15 weights in row 0"), fanIn);
        String underMask = loadFailure(t -> {
            SafeTensor w = t.stream().filter(x -> x.name().equals("0.weight")).findFirst().orElseThrow();
            SafeTensor m = t.stream().filter(x -> x.name().equals("0.zero_mask")).findFirst().orElseThrow();
            float[] v = w.toFloats();
            v[Arrays.asList(toObjects(m.toFloats())).indexOf(1f)] = 0.5f;
            return replace(t, "0.weight", SafeTensor.ofFloats("0.weight", new int[]{4, 1, 3, 3}, v));
        });
        assertTrue(underMask.contains("non-zero weight 0.5") && underMask.contains("zero_mask"), underMask);
    }

    private static Float[] toObjects(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheTensor() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Sequential net = trainedNetwork()) {
            ModelFile.save(net, file);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        String msg = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertTrue(msg.contains("truncated") && msg.contains("13.bias"), msg);
    }

    @Test
    void aFileWithoutOrWithABrokenArchitectureIsRefused() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, Map.of(), List.of(SafeTensor.ofFloats("0.weight", new int[]{1}, new float[]{1})));
        String none = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertTrue(none.contains("no \"sparsa.architecture\""), none);
        SafeTensors.write(file, Map.of(Architecture.KEY, "[{\"type\":\"Linear\",\"in\":3,\"out\":2,\"bias\":true}]"),
                List.of());
        String noInput = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertTrue(noInput.contains("inputShape"), noInput);
        SafeTensors.write(file, Map.of(Architecture.KEY, "[{\"type\":\"Gru\",\"inputShape\":[3]}]"), List.of());
        String unknown = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertTrue(unknown.contains("unknown layer type 'Gru'") && unknown.contains("SparseLinear"), unknown);
        SafeTensors.write(file, Map.of(Architecture.KEY, "[{\"type\":\"Linear\",\"inputShape\":[3],\"in\":3,\"bias\":true}]"),
                List.of());
        String param = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertTrue(param.contains("lacks parameter 'out'"), param);
        SafeTensors.write(file, Map.of(Architecture.KEY, "[{\"type\":\"Linear\",\"inputShape\":[4],\"in\":3,\"out\":2,"
                + "\"bias\":true}]"), List.of());
        String shape = assertThrows(ModelFormatException.class, () -> ModelFile.load(backend, file)).getMessage();
        assertTrue(shape.contains("[3]") && shape.contains("[4]"), shape);
    }
}
