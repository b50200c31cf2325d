package io.sparsa.experiments.noise;

import io.sparsa.data.GaussianNoise;
import io.sparsa.data.ImageTransform;
import io.sparsa.data.PaperPixelNoise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The two noise tests: the paper's pixel noise and additive Gaussian noise. */
public enum NoiseKind {
    /**
     * Ahmad and Scheinkman's test: at level {@code eta}, {@code floor(784 * eta)} random pixels of
     * each image are set to {@code 0.1307 + 2 * 0.3081}; levels 0.0, 0.05, ..., 0.5.
     */
    PAPER("paper", "pixel noise level", List.of(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)),
    /** {@code clamp(x + sigma * N(0, 1), 0, 1)}; sigma 0.0, 0.05, 0.1, 0.2, ..., 0.8. */
    GAUSSIAN("gaussian", "Gaussian noise sigma", List.of(0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8));

    private final String id;
    private final String levelName;
    private final List<Double> defaultLevels;

    NoiseKind(String id, String levelName, List<Double> defaultLevels) {
        this.id = id;
        this.levelName = levelName;
        this.defaultLevels = defaultLevels;
    }

    /** The name on the command line and in results ({@code paper}, {@code gaussian}). */
    public String id() {
        return id;
    }

    /** What a level means, for table headers and chart axes. */
    public String levelName() {
        return levelName;
    }

    public List<Double> defaultLevels() {
        return defaultLevels;
    }

    /** The transform for one level. */
    public ImageTransform transform(double level) {
        checkLevel(level);
        return this == PAPER ? new PaperPixelNoise(level) : new GaussianNoise(level);
    }

    /** Fails unless {@code level} is valid for this kind (paper: a fraction in [0, 1]; Gaussian: sigma >= 0). */
    public void checkLevel(double level) {
        boolean ok = this == PAPER ? level >= 0 && level <= 1 : level >= 0 && Double.isFinite(level);
        if (!ok) {
            throw new IllegalArgumentException("--levels: " + (this == PAPER
                    ? "paper noise levels are fractions of the pixels, in [0, 1]"
                    : "Gaussian noise levels are standard deviations, finite and >= 0") + "; got " + level);
        }
    }

    /**
     * Parses {@code paper} or {@code gaussian}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static NoiseKind parse(String s) {
        String key = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (NoiseKind k : values()) {
            if (k.id.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--noise: expected paper or gaussian, got '" + s + "'");
    }

    /**
     * Parses a comma-separated list of levels (or uses the defaults when {@code text} is null),
     * checking each one; duplicates are refused.
     */
    public List<Double> parseLevels(String text) {
        if (text == null) {
            return defaultLevels;
        }
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("--levels: expected comma-separated numbers such as 0,0.1,0.2, got '"
                        + text + "'");
            }
            double v;
            try {
                v = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--levels: '" + p + "' is not a number (in '" + text + "')", e);
            }
            checkLevel(v);
            if (out.contains(v)) {
                throw new IllegalArgumentException("--levels: level " + p + " is given twice");
            }
            out.add(v);
        }
        return List.copyOf(out);
    }
}
