package io.sparsa.htm;

import io.sparsa.tensor.Shapes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of a {@link SpatialPooler}, with the names and meanings of Numenta's published
 * spatial pooler. Build one with {@link #builder()} (or start from a preset with
 * {@link #preset(String)} and {@link #toBuilder()}); {@link Builder#build()} checks every value
 * and names the one that is wrong.
 *
 * <ul>
 *   <li>{@code inputDimensions}, {@code columnDimensions}: shapes of the input and of the columns,
 *   of equal rank (each column sits over the input point at the same relative position).</li>
 *   <li>{@code potentialRadius}: how far (in input points, per dimension) a column's potential
 *   pool reaches from its centre; the pool is the hyper-cube of side {@code 2 * radius + 1}
 *   around the centre, cut at the edges or wrapped ({@code wrapAround}). A radius as large as the
 *   input gives every column the whole input.</li>
 *   <li>{@code potentialPct}: the fraction of that neighbourhood, drawn at random, that forms the
 *   pool: {@code round(size * potentialPct)} inputs.</li>
 *   <li>{@code initConnectedPct}: the chance that a pool synapse starts connected (Numenta: 0.5);
 *   connected ones start uniform in {@code [synPermConnected, 1)}, the others in
 *   {@code [0, synPermConnected)}.</li>
 *   <li>{@code globalInhibition}: true: the columns compete over the whole grid; false: each
 *   column competes within its neighbourhood of the inhibition radius (local inhibition, see
 *   {@link LocalInhibition}).</li>
 *   <li>{@code numActiveColumnsPerInhArea} or {@code localAreaDensity} (exactly one > 0): the
 *   number of winners, k, or the fraction of columns that win ({@code floor(density * columns)});
 *   under local inhibition the winners per neighbourhood, or their share of it.</li>
 *   <li>{@code stimulusThreshold}: a column whose overlap does not exceed this can not win.</li>
 *   <li>{@code synPermActiveInc}, {@code synPermInactiveDec}: learning steps for the pool synapses
 *   of winning columns on active and on inactive inputs.</li>
 *   <li>{@code synPermConnected}: a synapse is connected when its permanence is {@code >=} this.</li>
 *   <li>{@code minPctOverlapDutyCycle}: columns whose overlap duty cycle is below this fraction of
 *   the largest one get all pool permanences raised by {@code synPermConnected / 10}.</li>
 *   <li>{@code dutyCyclePeriod}: the length of the duty cycles' moving average.</li>
 *   <li>{@code boostStrength}: boost factor {@code exp((targetDensity - activeDutyCycle) * boostStrength)};
 *   0 turns boosting off.</li>
 *   <li>{@code wrapAround}: whether potential pools wrap around the input's edges, and inhibition
 *   neighbourhoods around the columns' edges.</li>
 *   <li>{@code seed}: fixes the potential pools and initial permanences.</li>
 * </ul>
 */
public final class SpatialPoolerConfig {
    /** Name of the preset reproducing the MNIST setup reported with 95.73% accuracy. */
    public static final String THREAD_MNIST = "thread-mnist";
    /** Every preset name {@link #preset(String)} knows. */
    public static final List<String> PRESETS = List.of(THREAD_MNIST);
    /**
     * Upper bound on {@code boostStrength}: boost factors are at least {@code exp(-boostStrength)},
     * and this keeps them normal positive float32 numbers, so an eligible column always outranks an
     * ineligible one in the k-winners selection.
     */
    public static final float MAX_BOOST_STRENGTH = 80f;
    /** Cap on the target density that drives boosting (Numenta uses the same 0.5). */
    public static final float MAX_TARGET_DENSITY = 0.5f;

    private final int[] inputDimensions;
    private final int[] columnDimensions;
    private final int potentialRadius;
    private final float potentialPct;
    private final float initConnectedPct;
    private final boolean globalInhibition;
    private final float localAreaDensity;
    private final int numActiveColumnsPerInhArea;
    private final int stimulusThreshold;
    private final float synPermInactiveDec;
    private final float synPermActiveInc;
    private final float synPermConnected;
    private final float minPctOverlapDutyCycle;
    private final int dutyCyclePeriod;
    private final float boostStrength;
    private final boolean wrapAround;
    private final long seed;

    private SpatialPoolerConfig(Builder b) {
        inputDimensions = b.inputDimensions.clone();
        columnDimensions = b.columnDimensions.clone();
        potentialRadius = b.potentialRadius;
        potentialPct = b.potentialPct;
        initConnectedPct = b.initConnectedPct;
        globalInhibition = b.globalInhibition;
        localAreaDensity = b.localAreaDensity;
        numActiveColumnsPerInhArea = b.numActiveColumnsPerInhArea;
        stimulusThreshold = b.stimulusThreshold;
        synPermInactiveDec = b.synPermInactiveDec;
        synPermActiveInc = b.synPermActiveInc;
        synPermConnected = b.synPermConnected;
        minPctOverlapDutyCycle = b.minPctOverlapDutyCycle;
        dutyCyclePeriod = b.dutyCyclePeriod;
        boostStrength = b.boostStrength;
        wrapAround = b.wrapAround;
        seed = b.seed;
    }

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputDimensions = inputDimensions.clone();
        b.columnDimensions = columnDimensions.clone();
        b.potentialRadius = potentialRadius;
        b.potentialPct = potentialPct;
        b.initConnectedPct = initConnectedPct;
        b.globalInhibition = globalInhibition;
        b.localAreaDensity = localAreaDensity;
        b.numActiveColumnsPerInhArea = numActiveColumnsPerInhArea;
        b.stimulusThreshold = stimulusThreshold;
        b.synPermInactiveDec = synPermInactiveDec;
        b.synPermActiveInc = synPermActiveInc;
        b.synPermConnected = synPermConnected;
        b.minPctOverlapDutyCycle = minPctOverlapDutyCycle;
        b.dutyCyclePeriod = dutyCyclePeriod;
        b.boostStrength = boostStrength;
        b.wrapAround = wrapAround;
        b.seed = seed;
        return b;
    }

    /**
     * The MNIST setup reported with 95.73% test accuracy on full MNIST, learning off: input
     * 28x28, columns 64x64, potentialRadius 28, potentialPct 0.8, global inhibition, 240 active
     * columns, wrapAround, stimulusThreshold 0, synPermInactiveDec 0, synPermActiveInc 0,
     * synPermConnected 0.8, minPctOverlapDutyCycle 0.001, dutyCyclePeriod 100, boostStrength 1.0,
     * seed 7777.
     */
    public static SpatialPoolerConfig threadMnist() {
        return builder().inputDimensions(28, 28).columnDimensions(64, 64).potentialRadius(28).potentialPct(0.8f)
                .globalInhibition(true).numActiveColumnsPerInhArea(240).wrapAround(true).stimulusThreshold(0)
                .synPermInactiveDec(0f).synPermActiveInc(0f).synPermConnected(0.8f).minPctOverlapDutyCycle(0.001f)
                .dutyCyclePeriod(100).boostStrength(1.0f).seed(7777).build();
    }

    /** The preset of that name (see {@link #PRESETS}). */
    public static SpatialPoolerConfig preset(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals(THREAD_MNIST)) {
            return threadMnist();
        }
        throw new IllegalArgumentException("unknown spatial pooler preset '" + name + "'; known presets: "
                + String.join(", ", PRESETS));
    }

    public int[] inputDimensions() {
        return inputDimensions.clone();
    }

    public int[] columnDimensions() {
        return columnDimensions.clone();
    }

    public int potentialRadius() {
        return potentialRadius;
    }

    public float potentialPct() {
        return potentialPct;
    }

    public float initConnectedPct() {
        return initConnectedPct;
    }

    public boolean globalInhibition() {
        return globalInhibition;
    }

    public float localAreaDensity() {
        return localAreaDensity;
    }

    public int numActiveColumnsPerInhArea() {
        return numActiveColumnsPerInhArea;
    }

    public int stimulusThreshold() {
        return stimulusThreshold;
    }

    public float synPermInactiveDec() {
        return synPermInactiveDec;
    }

    public float synPermActiveInc() {
        return synPermActiveInc;
    }

    public float synPermConnected() {
        return synPermConnected;
    }

    /** The permanence added to every pool synapse of a weak column: {@code synPermConnected / 10}. */
    public float synPermBelowStimulusInc() {
        return synPermConnected / 10f;
    }

    public float minPctOverlapDutyCycle() {
        return minPctOverlapDutyCycle;
    }

    public int dutyCyclePeriod() {
        return dutyCyclePeriod;
    }

    public float boostStrength() {
        return boostStrength;
    }

    public boolean wrapAround() {
        return wrapAround;
    }

    public long seed() {
        return seed;
    }

    /** Number of input bits: the product of the input dimensions. */
    public int numInputs() {
        return Shapes.elementCount("inputDimensions", inputDimensions);
    }

    /** Number of columns: the product of the column dimensions. */
    public int numColumns() {
        return Shapes.elementCount("columnDimensions", columnDimensions);
    }

    /** k, the number of winners per input under global inhibition. */
    public int numActiveColumns() {
        return numActiveColumnsPerInhArea > 0 ? numActiveColumnsPerInhArea
                : (int) (localAreaDensity * numColumns());
    }

    /** The activity boosting aims at under global inhibition: {@code min(k / columns, 0.5)}. */
    public float targetDensity() {
        return Math.min((float) numActiveColumns() / numColumns(), MAX_TARGET_DENSITY);
    }

    /** Whether learning changes permanences (either step is non-zero). */
    public boolean learnsPermanences() {
        return synPermActiveInc != 0f || synPermInactiveDec != 0f;
    }

    @Override
    public String toString() {
        return "SpatialPoolerConfig{inputDimensions=" + Shapes.format(inputDimensions)
                + ", columnDimensions=" + Shapes.format(columnDimensions)
                + ", potentialRadius=" + potentialRadius + ", potentialPct=" + potentialPct
                + ", initConnectedPct=" + initConnectedPct + ", globalInhibition=" + globalInhibition
                + ", localAreaDensity=" + localAreaDensity + ", numActiveColumnsPerInhArea=" + numActiveColumnsPerInhArea
                + ", stimulusThreshold=" + stimulusThreshold + ", synPermInactiveDec=" + synPermInactiveDec
                + ", synPermActiveInc=" + synPermActiveInc + ", synPermConnected=" + synPermConnected
                + ", minPctOverlapDutyCycle=" + minPctOverlapDutyCycle + ", dutyCyclePeriod=" + dutyCyclePeriod
                + ", boostStrength=" + boostStrength + ", wrapAround=" + wrapAround + ", seed=" + seed + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpatialPoolerConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Collects the parameters. Defaults: input 32x32, columns 64x64, potentialRadius 16,
     * potentialPct 0.5, initConnectedPct 0.5, global inhibition, localAreaDensity 0.02 (no
     * numActiveColumnsPerInhArea), stimulusThreshold 0, synPermInactiveDec 0.008, synPermActiveInc
     * 0.05, synPermConnected 0.1, minPctOverlapDutyCycle 0.001, dutyCyclePeriod 1000, boostStrength
     * 0, wrapAround true, seed 1.
     */
    public static final class Builder {
        private int[] inputDimensions = {32, 32};
        private int[] columnDimensions = {64, 64};
        private int potentialRadius = 16;
        private float potentialPct = 0.5f;
        private float initConnectedPct = 0.5f;
        private boolean globalInhibition = true;
        private float localAreaDensity = 0.02f;
        private int numActiveColumnsPerInhArea = 0;
        private int stimulusThreshold = 0;
        private float synPermInactiveDec = 0.008f;
        private float synPermActiveInc = 0.05f;
        private float synPermConnected = 0.1f;
        private float minPctOverlapDutyCycle = 0.001f;
        private int dutyCyclePeriod = 1000;
        private float boostStrength = 0f;
        private boolean wrapAround = true;
        private long seed = 1;

        private Builder() {
        }

        public Builder inputDimensions(int... dims) {
            inputDimensions = dims.clone();
            return this;
        }

        public Builder columnDimensions(int... dims) {
            columnDimensions = dims.clone();
            return this;
        }

        public Builder potentialRadius(int radius) {
            potentialRadius = radius;
            return this;
        }

        public Builder potentialPct(float pct) {
            potentialPct = pct;
            return this;
        }

        public Builder initConnectedPct(float pct) {
            initConnectedPct = pct;
            return this;
        }

        public Builder globalInhibition(boolean global) {
            globalInhibition = global;
            return this;
        }

        /** Sets the fraction of winning columns and clears numActiveColumnsPerInhArea (they exclude each other). */
        public Builder localAreaDensity(float density) {
            localAreaDensity = density;
            numActiveColumnsPerInhArea = 0;
            return this;
        }

        /** Sets the number of winning columns and clears localAreaDensity (they exclude each other). */
        public Builder numActiveColumnsPerInhArea(int k) {
            numActiveColumnsPerInhArea = k;
            localAreaDensity = 0f;
            return this;
        }

        public Builder stimulusThreshold(int threshold) {
            stimulusThreshold = threshold;
            return this;
        }

        public Builder synPermInactiveDec(float dec) {
            synPermInactiveDec = dec;
            return this;
        }

        public Builder synPermActiveInc(float inc) {
            synPermActiveInc = inc;
            return this;
        }

        public Builder synPermConnected(float connected) {
            synPermConnected = connected;
            return this;
        }

        public Builder minPctOverlapDutyCycle(float pct) {
            minPctOverlapDutyCycle = pct;
            return this;
        }

        public Builder dutyCyclePeriod(int period) {
            dutyCyclePeriod = period;
            return this;
        }

        public Builder boostStrength(float strength) {
            boostStrength = strength;
            return this;
        }

        public Builder wrapAround(boolean wrap) {
            wrapAround = wrap;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Checks every parameter and builds the configuration. */
        public SpatialPoolerConfig build() {
            dimensions("inputDimensions", inputDimensions);
            dimensions("columnDimensions", columnDimensions);
            if (inputDimensions.length != columnDimensions.length) {
                throw new IllegalArgumentException("inputDimensions " + Shapes.format(inputDimensions)
                        + " and columnDimensions " + Shapes.format(columnDimensions)
                        + " must have the same number of dimensions");
            }
            if (potentialRadius < 0) {
                throw new IllegalArgumentException("potentialRadius must be >= 0, got " + potentialRadius);
            }
            fraction("potentialPct", potentialPct);
            if (!(initConnectedPct >= 0f && initConnectedPct <= 1f)) {
                throw new IllegalArgumentException("initConnectedPct must lie in [0, 1], got " + initConnectedPct);
            }
            int columns = Shapes.elementCount("columnDimensions", columnDimensions);
            if ((numActiveColumnsPerInhArea > 0) == (localAreaDensity > 0f)) {
                throw new IllegalArgumentException("exactly one of numActiveColumnsPerInhArea (" + numActiveColumnsPerInhArea
                        + ") and localAreaDensity (" + localAreaDensity + ") must be > 0");
            }
            if (numActiveColumnsPerInhArea < 0 || numActiveColumnsPerInhArea > columns) {
                throw new IllegalArgumentException("numActiveColumnsPerInhArea must lie in [1, " + columns
                        + "] (the number of columns), got " + numActiveColumnsPerInhArea);
            }
            if (localAreaDensity > 0f) {
                fraction("localAreaDensity", localAreaDensity);
                if ((int) (localAreaDensity * columns) < 1) {
                    throw new IllegalArgumentException("localAreaDensity " + localAreaDensity + " of " + columns
                            + " columns leaves no winning column; it must be >= " + (1.0 / columns));
                }
            }
            if (stimulusThreshold < 0) {
                throw new IllegalArgumentException("stimulusThreshold must be >= 0, got " + stimulusThreshold);
            }
            if (!(synPermInactiveDec >= 0f && synPermInactiveDec <= 1f)) {
                throw new IllegalArgumentException("synPermInactiveDec must lie in [0, 1], got " + synPermInactiveDec);
            }
            if (!(synPermActiveInc >= 0f && synPermActiveInc <= 1f)) {
                throw new IllegalArgumentException("synPermActiveInc must lie in [0, 1], got " + synPermActiveInc);
            }
            fraction("synPermConnected", synPermConnected);
            if (!(minPctOverlapDutyCycle >= 0f && minPctOverlapDutyCycle <= 1f)) {
                throw new IllegalArgumentException("minPctOverlapDutyCycle must lie in [0, 1], got " + minPctOverlapDutyCycle);
            }
            if (dutyCyclePeriod < 1) {
                throw new IllegalArgumentException("dutyCyclePeriod must be >= 1, got " + dutyCyclePeriod);
            }
            if (!(boostStrength >= 0f && boostStrength <= MAX_BOOST_STRENGTH)) {
                throw new IllegalArgumentException("boostStrength must lie in [0, " + MAX_BOOST_STRENGTH + "], got "
                        + boostStrength);
            }
            return new SpatialPoolerConfig(this);
        }

        private static void dimensions(String name, int[] dims) {
            if (dims == null || dims.length == 0) {
                throw new IllegalArgumentException(name + " must list at least one dimension, got "
                        + (dims == null ? "null" : "[]"));
            }
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] < 1) {
                    throw new IllegalArgumentException(name + " must be positive, got " + Arrays.toString(dims));
                }
            }
            Shapes.elementCount(name, dims);
        }

        /** In {@code (0, 1]}. */
        private static void fraction(String name, float value) {
            if (!(value > 0f && value <= 1f)) {
                throw new IllegalArgumentException(name + " must lie in (0, 1], got " + value);
            }
        }
    }
}
