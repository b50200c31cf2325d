package io.sparsa.experiments.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every named network: the paper's eight CNNs and the six regulariser-comparison MLPs. */
public final class Networks {
    private Networks() {
    }

    /** All networks, the paper's first. */
    public static List<Network> all() {
        List<Network> out = new ArrayList<>(PaperCnn.ALL);
        out.addAll(RegulariserMlp.ALL);
        return out;
    }

    /** Every name, in order. */
    public static List<String> names() {
        return all().stream().map(Network::name).toList();
    }

    /**
     * The network called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known networks
     */
    public static Network byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Network n : all()) {
            if (n.name().equals(key)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", names()));
    }
}
