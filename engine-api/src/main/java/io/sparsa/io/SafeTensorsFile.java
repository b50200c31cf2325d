package io.sparsa.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a safetensors file: string metadata and named tensors, in file order.
 *
 * @param source   where it was read from (or will be written to), for messages
 * @param metadata the header's {@code __metadata__} (string to string)
 * @param tensors  tensors by name, in header order
 */
public record SafeTensorsFile(String source, Map<String, String> metadata, Map<String, SafeTensor> tensors) {
    public SafeTensorsFile {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Builds the map from a list, refusing duplicate names. */
    public static SafeTensorsFile of(String source, Map<String, String> metadata, List<SafeTensor> tensors) {
        Map<String, SafeTensor> byName = new LinkedHashMap<>();
        for (SafeTensor t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
        }
        return new SafeTensorsFile(source, metadata, byName);
    }

    /** The tensor called {@code name}, or a {@link ModelFormatException} naming it and the file. */
    public SafeTensor require(String name) throws ModelFormatException {
        SafeTensor t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException("model file " + source + " lacks tensor '" + name + "' (it has: "
                    + String.join(", ", new ArrayList<>(tensors.keySet())) + ")");
        }
        return t;
    }
}
