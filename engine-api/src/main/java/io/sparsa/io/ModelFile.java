package io.sparsa.io;

import io.sparsa.backend.Backend;
import io.sparsa.nn.Layer;
import io.sparsa.nn.Sequential;
import io.sparsa.nn.StateTensor;
import io.sparsa.tensor.Shapes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves and loads whole networks as safetensors files that PyTorch can read:
 * <ul>
 *   <li>tensor names and shapes are those of the PyTorch {@code nn.Sequential} {@code state_dict} of
 *   the same layer list ({@code "0.weight"} {@code [out, in]}, {@code "3.duty_cycle"}, ...); sparse
 *   layers store their dense weight with zeros plus {@code "<i>.zero_mask"} (float16, 1 where the
 *   weight is forced to zero, as nupic.torch); k-winners layers store {@code duty_cycle} and the
 *   current {@code boost_strength}; batch norm {@code running_mean}, {@code running_var} and
 *   {@code num_batches_tracked} (int64);</li>
 *   <li>the metadata holds {@code "format": "pt"} and the {@link Architecture} under
 *   {@value Architecture#KEY}, from which {@link #load} rebuilds the network without other input.</li>
 * </ul>
 * Writing goes through a temporary file renamed into place, so a crash never leaves a partial model.
 */
public final class ModelFile {
    /** Metadata key of the Sparsa file-format version. */
    public static final String VERSION_KEY = "sparsa.format";
    /** The version written by this class. */
    public static final String VERSION = "1";

    private ModelFile() {
    }

    /** Writes {@code model}'s architecture and state to {@code path}. */
    public static void save(Sequential model, Path path) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(VERSION_KEY, VERSION);
        metadata.put(Architecture.KEY, new Architecture(model.inputShape(), model.specs()).toJson());
        List<SafeTensor> tensors = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            for (StateTensor s : model.layer(i).state()) {
                tensors.add(toSafeTensor(i + "." + s.name(), s));
            }
        }
        SafeTensors.write(path, metadata, tensors);
    }

    /**
     * Rebuilds the network stored in {@code path} on {@code backend}, in evaluation mode. Every
     * tensor the architecture implies must be present with its dtype and shape, and no other
     * tensor may be there; each mismatch is reported by name.
     */
    public static Sequential load(Backend backend, Path path) throws IOException {
        SafeTensorsFile file = SafeTensors.read(path);
        String source = file.source();
        String json = file.metadata().get(Architecture.KEY);
        if (json == null) {
            throw new ModelFormatException("model file " + source + " has no \"" + Architecture.KEY
                    + "\" metadata, so the network cannot be rebuilt; was it written by Sparsa?");
        }
        Architecture arch = Architecture.parse(json, source);
        Sequential model;
        try {
            model = Sequential.fromSpecs(backend, arch.inputShape(), arch.layers(), 0L);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model file " + source + ": invalid architecture: " + e.getMessage(), e);
        }
        try {
            loadState(model, file);
            model.eval();
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Loads the state of {@code file} into {@code model}, checking names, dtypes and shapes. */
    public static void loadState(Sequential model, SafeTensorsFile file) throws ModelFormatException {
        String source = file.source();
        List<String> problems = new ArrayList<>();
        Set<String> expectedNames = new HashSet<>();
        List<Map<String, StateTensor>> perLayer = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            Layer layer = model.layer(i);
            Map<String, StateTensor> entries = new LinkedHashMap<>();
            for (StateTensor expected : layer.state()) {
                String name = i + "." + expected.name();
                expectedNames.add(name);
                SafeTensor t = file.tensors().get(name);
                if (t == null) {
                    problems.add("missing tensor '" + name + "' (" + layer.type() + " " + expected.kind() + " "
                            + Shapes.format(expected.shape()) + ")");
                    continue;
                }
                if (!Arrays.equals(t.shape(), expected.shape())) {
                    problems.add("tensor '" + name + "' has shape " + Shapes.format(t.shape()) + ", expected "
                            + Shapes.format(expected.shape()) + " for " + layer);
                    continue;
                }
                if (!accepts(expected.kind(), t.dtype())) {
                    problems.add("tensor '" + name + "' has dtype " + t.dtype() + ", expected " + fileType(expected.kind()));
                    continue;
                }
                entries.put(expected.name(), fromSafeTensor(expected, t));
            }
            perLayer.add(entries);
        }
        for (String name : file.tensors().keySet()) {
            if (!expectedNames.contains(name)) {
                problems.add("unexpected tensor '" + name + "' (the architecture has no such state)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelFormatException("model file " + source + " does not match its architecture: "
                    + String.join("; ", problems));
        }
        for (int i = 0; i < model.size(); i++) {
            try {
                model.layer(i).loadState(perLayer.get(i));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("model file " + source + ", layer " + i + " (" + model.layer(i)
                        + ", tensors '" + i + ".*'): " + e.getMessage(), e);
            }
        }
    }

    private static SafeTensorsDType fileType(StateTensor.Kind kind) {
        return switch (kind) {
            case FLOAT32 -> SafeTensorsDType.F32;
            case MASK -> SafeTensorsDType.F16;
            case INT64 -> SafeTensorsDType.I64;
        };
    }

    /** Masks written by other tools may be float16, float32, bool or uint8. */
    private static boolean accepts(StateTensor.Kind kind, SafeTensorsDType dtype) {
        return switch (kind) {
            case FLOAT32 -> dtype == SafeTensorsDType.F32;
            case MASK -> dtype == SafeTensorsDType.F16 || dtype == SafeTensorsDType.F32 || dtype == SafeTensorsDType.BOOL
                    || dtype == SafeTensorsDType.U8;
            case INT64 -> dtype == SafeTensorsDType.I64;
        };
    }

    private static SafeTensor toSafeTensor(String name, StateTensor s) {
        return switch (s.kind()) {
            case FLOAT32 -> SafeTensor.ofFloats(name, s.shape(), s.floats());
            case MASK -> {
                float[] v = s.floats();
                boolean[] flags = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    flags[i] = v[i] != 0f;
                }
                yield SafeTensor.ofFloat16Flags(name, s.shape(), flags);
            }
            case INT64 -> SafeTensor.ofLongs(name, s.shape(), s.longs());
        };
    }

    private static StateTensor fromSafeTensor(StateTensor expected, SafeTensor t) {
        return switch (expected.kind()) {
            case FLOAT32 -> StateTensor.floats(expected.name(), expected.shape(), t.toFloats());
            case MASK -> {
                float[] v;
                if (t.dtype() == SafeTensorsDType.BOOL || t.dtype() == SafeTensorsDType.U8) {
                    long[] l = t.toLongs();
                    v = new float[l.length];
                    for (int i = 0; i < l.length; i++) {
                        v[i] = l[i];
                    }
                } else {
                    v = t.toFloats();
                }
                yield StateTensor.mask(expected.name(), expected.shape(), v);
            }
            case INT64 -> StateTensor.int64(expected.name(), expected.shape(), t.toLongs());
        };
    }
}
