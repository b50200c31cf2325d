package io.sparsa.experiments.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every model {@code reproduce} can compare: the named networks, then the baselines. */
public final class ComparedModels {
    private ComparedModels() {
    }

    /** The networks ({@link Networks#all()}) followed by the baselines. */
    public static List<ComparedModel> all() {
        List<ComparedModel> out = new ArrayList<>(Networks.all());
        out.addAll(baselines());
        return out;
    }

    /** The baselines compared with the networks. */
    public static List<ComparedModel> baselines() {
        return List.copyOf(SpatialPoolerBaseline.ALL);
    }

    /** Every name, in order. */
    public static List<String> names() {
        return all().stream().map(ComparedModel::name).toList();
    }

    /**
     * The model called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known models
     */
    public static ComparedModel byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ComparedModel m : all()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", names()));
    }
}
