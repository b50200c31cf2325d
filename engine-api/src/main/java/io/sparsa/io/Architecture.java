package io.sparsa.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.sparsa.nn.LayerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code "sparsa.architecture"} metadata of a model file: a JSON list with one object per
 * layer, in order, holding {@code "type"} and every constructor parameter by name; the first
 * object also holds {@code "inputShape"}, the per-sample input shape. For example
 * <pre>{@code
 * [{"type":"Flatten","inputShape":[1,28,28]},
 *  {"type":"SparseLinear","in":784,"out":256,"sparsity":0.7,"bias":true},
 *  {"type":"KWinners","n":256,"k":40,"kInference":60,"boostStrength":1.5,...},
 *  {"type":"Linear","in":256,"out":10,"bias":true}]
 * }</pre>
 *
 * @param inputShape the per-sample input shape
 * @param layers     the layers in order
 */
public record Architecture(int[] inputShape, List<LayerSpec> layers) {
    /** The metadata key. */
    public static final String KEY = "sparsa.architecture";
    /** The key of the first layer's input shape. */
    public static final String INPUT_SHAPE = "inputShape";

    public Architecture {
        inputShape = inputShape.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The JSON text stored in the metadata. */
    public String toJson() {
        JsonArray list = new JsonArray();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("type", spec.type());
            if (i == 0) {
                o.add(INPUT_SHAPE, ints(inputShape));
            }
            for (Map.Entry<String, Object> p : spec.params().entrySet()) {
                Object v = p.getValue();
                if (v instanceof int[] a) {
                    o.add(p.getKey(), ints(a));
                } else if (v instanceof Boolean b) {
                    o.addProperty(p.getKey(), b);
                } else {
                    o.addProperty(p.getKey(), (Number) v);
                }
            }
            list.add(o);
        }
        return list.toString();
    }

    /**
     * Parses the metadata text.
     *
     * @param source names the file in messages
     */
    public static Architecture parse(String json, String source) throws ModelFormatException {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new ModelFormatException("model file " + source + ": " + KEY + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.isJsonArray() || root.getAsJsonArray().isEmpty()) {
            throw new ModelFormatException("model file " + source + ": " + KEY + " must be a non-empty JSON list of layers");
        }
        List<LayerSpec> specs = new ArrayList<>();
        int[] inputShape = null;
        JsonArray list = root.getAsJsonArray();
        for (int i = 0; i < list.size(); i++) {
            String where = "model file " + source + ", " + KEY + " layer " + i;
            if (!list.get(i).isJsonObject()) {
                throw new ModelFormatException(where + " must be an object");
            }
            JsonObject o = list.get(i).getAsJsonObject();
            JsonElement type = o.get("type");
            if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
                throw new ModelFormatException(where + " lacks a string \"type\"");
            }
            LayerSpec.Builder b = LayerSpec.of(type.getAsString());
            for (Map.Entry<String, JsonElement> p : o.entrySet()) {
                String key = p.getKey();
                if (key.equals("type")) {
                    continue;
                }
                Object value = value(where, key, p.getValue());
                if (i == 0 && key.equals(INPUT_SHAPE)) {
                    if (!(value instanceof int[] shape)) {
                        throw new ModelFormatException(where + ": \"" + INPUT_SHAPE + "\" must be a list of integers");
                    }
                    inputShape = shape;
                    continue;
                }
                b.with(key, value);
            }
            specs.add(b.build());
        }
        if (inputShape == null) {
            throw new ModelFormatException("model file " + source + ": the first layer of " + KEY + " lacks \""
                    + INPUT_SHAPE + "\" (the per-sample input shape)");
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new ModelFormatException("model file " + source + ": \"" + INPUT_SHAPE + "\" must hold positive sizes, got "
                        + java.util.Arrays.toString(inputShape));
            }
        }
        return new Architecture(inputShape, specs);
    }

    private static Object value(String where, String key, JsonElement e) throws ModelFormatException {
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = a.get(i).isJsonPrimitive() ? value(where, key, a.get(i)) : null;
                if (!(v instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw new ModelFormatException(where + ": parameter \"" + key + "\" must be a list of integers, got " + e);
                }
                out[i] = l.intValue();
            }
            return out;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isNumber()) {
                String text = p.getAsString();
                boolean integral = text.chars().allMatch(c -> c == '-' || Character.isDigit(c));
                try {
                    return integral ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
                } catch (NumberFormatException ex) {
                    throw new ModelFormatException(where + ": parameter \"" + key + "\" is out of range: " + text);
                }
            }
        }
        throw new ModelFormatException(where + ": parameter \"" + key + "\" must be a number, a boolean or a list of "
                + "integers, got " + e);
    }

    private static JsonArray ints(int[] a) {
        JsonArray arr = new JsonArray();
        for (int v : a) {
            arr.add(v);
        }
        return arr;
    }
}
