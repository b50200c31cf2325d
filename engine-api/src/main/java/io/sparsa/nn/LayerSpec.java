package io.sparsa.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer's type and constructor parameters by name, in order: what a model file records so the
 * network can be rebuilt from the file alone (by Sparsa, or by hand in PyTorch). Values are
 * {@link Integer}, {@link Long}, {@link Double}, {@link Boolean} or {@code int[]}; read back from
 * JSON, integers may arrive as {@link Long} and are converted on access.
 *
 * @param type   the layer class name ({@code Linear}, {@code KWinners2d}, ...)
 * @param params constructor parameters by name
 */
public record LayerSpec(String type, Map<String, Object> params) {
    public LayerSpec {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Starts a spec of {@code type}; add parameters with {@link Builder#with}. */
    public static Builder of(String type) {
        return new Builder(type);
    }

    /** An integer parameter. */
    public int intParam(String name) {
        long v = longParam(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(name, "an int", v);
        }
        return (int) v;
    }

    /** A 64-bit integer parameter. */
    public long longParam(String name) {
        Object v = require(name);
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return d.longValue();
        }
        throw bad(name, "an integer", v);
    }

    /** A number parameter. */
    public double doubleParam(String name) {
        Object v = require(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw bad(name, "a number", v);
    }

    /** A boolean parameter. */
    public boolean boolParam(String name) {
        Object v = require(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(name, "true or false", v);
    }

    /** An integer-list parameter (a shape). */
    public int[] intArrayParam(String name) {
        Object v = require(name);
        if (v instanceof int[] a) {
            return a.clone();
        }
        throw bad(name, "a list of integers", v);
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    private Object require(String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("layer " + type + " lacks parameter '" + name + "' (has " + params.keySet() + ")");
        }
        return v;
    }

    private IllegalArgumentException bad(String name, String expected, Object v) {
        String shown = v instanceof int[] a ? java.util.Arrays.toString(a) : String.valueOf(v);
        return new IllegalArgumentException("layer " + type + ": parameter '" + name + "' must be " + expected + ", got "
                + shown);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=');
            sb.append(e.getValue() instanceof int[] a ? java.util.Arrays.toString(a) : e.getValue());
            first = false;
        }
        return sb.append(')').toString();
    }

    /** Collects parameters in order. */
    public static final class Builder {
        private final String type;
        private final Map<String, Object> params = new LinkedHashMap<>();

        private Builder(String type) {
            this.type = type;
        }

        public Builder with(String name, Object value) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof Double
                    || value instanceof Boolean || value instanceof int[])) {
                throw new IllegalArgumentException("layer parameter '" + name + "' has unsupported type "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            params.put(name, value instanceof int[] a ? a.clone() : value);
            return this;
        }

        public LayerSpec build() {
            return new LayerSpec(type, params);
        }
    }
}
