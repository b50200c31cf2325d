package io.sparsa.cli;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;
import io.sparsa.data.LabeledImages;
import io.sparsa.htm.ActivityStats;
import io.sparsa.htm.BinaryCodes;
import io.sparsa.htm.KnnClassifier;
import io.sparsa.htm.SpatialPooler;
import io.sparsa.htm.SpatialPoolerClassifier;
import io.sparsa.htm.SpatialPoolerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sparsa sp}: an HTM spatial pooler with a k-NN classifier on its codes. Binarises the
 * images, optionally trains the pooler, encodes the training and test sets, stores the training
 * codes in a k-NN classifier and reports the test accuracy, the active columns per input and the
 * fraction of columns that ever won.
 */
@Command(name = "sp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"HTM spatial pooler + k-NN classifier: encode the images as sparse column codes and classify them.",
                "The pooler starts from the thread-mnist preset (the setup reported with 95.73%% on full MNIST, learning "
                        + "off); options override single parameters. Pixels are on when above the binarisation "
                        + "threshold (grey level / 255 > 0.5 by default)."})
final class SpCommand implements Callable<Integer> {
    /** Numenta's default learning steps, used by --learn when the configuration has none. */
    static final float DEFAULT_ACTIVE_INC = 0.05f;
    static final float DEFAULT_INACTIVE_DEC = 0.008f;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME|DIR", defaultValue = "mnist",
            description = "mnist (bundled 10k digits), fashion-mnist, or a directory of IDX files (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = SpatialPoolerConfig.THREAD_MNIST,
            description = "Starting parameters (default: ${DEFAULT-VALUE}; known: thread-mnist).")
    String preset;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend (auto, cpu, opencl, cuda, reference); default: sparsa.backend / SPARSA_BACKEND / auto.")
    String backend;

    @Option(names = "--learn", description = "Train the pooler on the training images before encoding.")
    boolean learn;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "Learning passes (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learn-batch", paramLabel = "N", defaultValue = "1",
            description = "Inputs per learning step; 1 is Numenta's online learning (default: ${DEFAULT-VALUE}).")
    int learnBatch;

    @Option(names = "--columns", paramLabel = "AxB", description = "Column dimensions, e.g. 64x64.")
    String columns;

    @Option(names = "--active", paramLabel = "K", description = "Active columns per input (numActiveColumnsPerInhArea).")
    Integer active;

    @Option(names = "--local-inhibition",
            description = "Local inhibition (globalInhibition false): each column competes within its inhibition radius, "
                    + "derived from the connected synapses; --active then counts winners per inhibition area.")
    boolean localInhibition;

    @Option(names = "--potential-radius", paramLabel = "R", description = "potentialRadius.")
    Integer potentialRadius;

    @Option(names = "--potential-pct", paramLabel = "P", description = "potentialPct.")
    Float potentialPct;

    @Option(names = "--stimulus-threshold", paramLabel = "T", description = "stimulusThreshold.")
    Integer stimulusThreshold;

    @Option(names = "--syn-perm-active-inc", paramLabel = "P",
            description = "synPermActiveInc. With --learn and neither step given, a preset without learning uses 0.05.")
    Float synPermActiveInc;

    @Option(names = "--syn-perm-inactive-dec", paramLabel = "P",
            description = "synPermInactiveDec. With --learn and neither step given, a preset without learning uses 0.008.")
    Float synPermInactiveDec;

    @Option(names = "--syn-perm-connected", paramLabel = "P", description = "synPermConnected.")
    Float synPermConnected;

    @Option(names = "--min-pct-overlap-duty-cycle", paramLabel = "P", description = "minPctOverlapDutyCycle.")
    Float minPctOverlapDutyCycle;

    @Option(names = "--duty-cycle-period", paramLabel = "N", description = "dutyCyclePeriod.")
    Integer dutyCyclePeriod;

    @Option(names = "--boost-strength", paramLabel = "B", description = "boostStrength (0: no boosting).")
    Float boostStrength;

    @Option(names = "--wrap-around", paramLabel = "true|false", arity = "1", description = "wrapAround.")
    Boolean wrapAround;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the potential pools and initial permanences.")
    Long seed;

    @Option(names = "--knn-k", paramLabel = "K", defaultValue = "1", description = "Neighbours that vote (default: ${DEFAULT-VALUE}).")
    int knnK;

    @Option(names = "--distance", paramLabel = "overlap|hamming", defaultValue = "overlap",
            description = "k-NN distance (default: ${DEFAULT-VALUE}).")
    String distance;

    @Option(names = "--binarize-threshold", paramLabel = "T", defaultValue = "0.5",
            description = "A pixel (grey level / 255) is on when above this (default: ${DEFAULT-VALUE}).")
    float binarizeThreshold;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images.")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test images.")
    Integer testLimit;

    @Option(names = "--encode-batch", paramLabel = "N", defaultValue = "" + SpatialPooler.DEFAULT_ENCODE_BATCH,
            description = "Inputs per encoding step (default: ${DEFAULT-VALUE}).")
    int encodeBatch;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        KnnClassifier.Distance metric = KnnClassifier.Distance.parse(distance);
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (knnK < 1) {
            throw new IllegalArgumentException("--knn-k must be >= 1, got " + knnK);
        }
        if (encodeBatch < 1 || learnBatch < 1) {
            throw new IllegalArgumentException("--encode-batch and --learn-batch must be >= 1, got " + encodeBatch
                    + " and " + learnBatch);
        }
        Dataset data = Datasets.load(dataset);
        LabeledImages train = limit(data.train(), trainLimit, "--train-limit");
        LabeledImages test = limit(data.test(), testLimit, "--test-limit");
        if (train.channels() != 1) {
            throw new IllegalArgumentException("the spatial pooler takes single-channel images; dataset " + data.name()
                    + " has " + train.channels() + " channels");
        }
        SpatialPoolerConfig config = configure(train.height(), train.width(), out);

        try (Backend b = backend == null ? Backends.create() : Backends.create(backend)) {
            out.println("backend: " + b.name() + " (" + b.deviceDescription() + ")");
            long t0 = System.nanoTime();
            try (SpatialPoolerClassifier model = new SpatialPoolerClassifier(b, config, knnK, metric, binarizeThreshold)) {
                model.encodeBatch(encodeBatch);
                SpatialPooler sp = model.pooler();
                BinaryCodes trainInputs = model.binarize(train);
                out.printf(Locale.ROOT, "dataset %s (%s): %d train, %d test images of %dx%d, on when > %s "
                                + "(%.1f pixels on per image)%n", data.name(), data.source(), train.size(), test.size(),
                        train.height(), train.width(), binarizeThreshold,
                        (double) trainInputs.totalBits() / Math.max(1, trainInputs.rows()));
                out.printf(Locale.ROOT, "spatial pooler: %s columns = %d, %d active, potential pools of %d inputs, "
                                + "set up in %.2f s%n", dims(config.columnDimensions()), sp.numColumns(),
                        sp.numActiveColumns(), sp.potentialPool().width(), seconds(t0));
                if (sp.localInhibition()) {
                    out.printf(Locale.ROOT, "local inhibition: radius %d columns%n", sp.inhibitionRadius());
                }
                out.flush();
                if (learn) {
                    for (int epoch = 1; epoch <= epochs; epoch++) {
                        long t = System.nanoTime();
                        ActivityStats s = sp.learn(trainInputs, learnBatch);
                        out.printf(Locale.ROOT, "learning epoch %d/%d: %d inputs in %.2f s; active columns per input "
                                        + "mean %.2f, min %d, max %d; %d of %d columns won%n", epoch, epochs, s.inputs(),
                                seconds(t), s.meanActive(), s.minActive(), s.maxActive(), s.columnsEverWon(),
                                s.numColumns());
                        if (sp.localInhibition()) {
                            out.printf(Locale.ROOT, "local inhibition: radius %d columns after epoch %d%n",
                                    sp.inhibitionRadius(), epoch);
                        }
                        out.flush();
                    }
                }
                long t = System.nanoTime();
                BinaryCodes trainCodes = sp.encode(trainInputs, encodeBatch);
                BinaryCodes testCodes = model.encode(test);
                out.printf(Locale.ROOT, "encoding: %d train + %d test inputs in %.2f s%n", trainCodes.rows(),
                        testCodes.rows(), seconds(t));
                ActivityStats stats = ActivityStats.of(trainCodes);
                stats.add(testCodes);
                out.printf(Locale.ROOT, "active columns per input: mean %.2f, min %d, max %d (configured %d)%n",
                        stats.meanActive(), stats.minActive(), stats.maxActive(), sp.numActiveColumns());
                out.printf(Locale.ROOT, "columns that ever won: %d of %d (%.1f%%)%n", stats.columnsEverWon(),
                        stats.numColumns(), 100 * stats.fractionEverWon());
                out.flush();

                KnnClassifier knn = model.classifier();
                t = System.nanoTime();
                knn.fit(trainCodes, train.labels());
                double fit = seconds(t);
                t = System.nanoTime();
                int[] predicted = knn.predict(testCodes);
                double classify = seconds(t);
                int right = 0;
                for (int i = 0; i < predicted.length; i++) {
                    right += predicted[i] == test.label(i) ? 1 : 0;
                }
                out.printf(Locale.ROOT, "k-NN (k=%d, %s): stored %d codes in %.3f s, classified %d in %.3f s%n",
                        knnK, metric.name().toLowerCase(Locale.ROOT), trainCodes.rows(), fit, predicted.length, classify);
                out.printf(Locale.ROOT, "test accuracy: %.2f%% (%d of %d)%n",
                        predicted.length == 0 ? 0.0 : 100.0 * right / predicted.length, right, predicted.length);
                out.printf(Locale.ROOT, "total: %.2f s%n", seconds(t0));
            }
        }
        out.flush();
        return 0;
    }

    /** The preset with the options given on top, and learning steps for --learn when it has none. */
    SpatialPoolerConfig configure(int height, int width, PrintWriter out) {
        SpatialPoolerConfig base = SpatialPoolerConfig.preset(preset);
        SpatialPoolerConfig.Builder b = base.toBuilder().inputDimensions(height, width);
        List<String> changed = new ArrayList<>();
        if (columns != null) {
            b.columnDimensions(parseDims(columns));
            changed.add("columns " + columns);
        }
        if (active != null) {
            b.numActiveColumnsPerInhArea(active);
            changed.add("active " + active);
        }
        if (localInhibition) {
            b.globalInhibition(false);
            changed.add("local inhibition");
        }
        if (potentialRadius != null) {
            b.potentialRadius(potentialRadius);
            changed.add("potentialRadius " + potentialRadius);
        }
        if (potentialPct != null) {
            b.potentialPct(potentialPct);
            changed.add("potentialPct " + potentialPct);
        }
        if (stimulusThreshold != null) {
            b.stimulusThreshold(stimulusThreshold);
            changed.add("stimulusThreshold " + stimulusThreshold);
        }
        if (synPermActiveInc != null) {
            b.synPermActiveInc(synPermActiveInc);
            changed.add("synPermActiveInc " + synPermActiveInc);
        }
        if (synPermInactiveDec != null) {
            b.synPermInactiveDec(synPermInactiveDec);
            changed.add("synPermInactiveDec " + synPermInactiveDec);
        }
        if (synPermConnected != null) {
            b.synPermConnected(synPermConnected);
            changed.add("synPermConnected " + synPermConnected);
        }
        if (minPctOverlapDutyCycle != null) {
            b.minPctOverlapDutyCycle(minPctOverlapDutyCycle);
            changed.add("minPctOverlapDutyCycle " + minPctOverlapDutyCycle);
        }
        if (dutyCyclePeriod != null) {
            b.dutyCyclePeriod(dutyCyclePeriod);
            changed.add("dutyCyclePeriod " + dutyCyclePeriod);
        }
        if (boostStrength != null) {
            b.boostStrength(boostStrength);
            changed.add("boostStrength " + boostStrength);
        }
        if (wrapAround != null) {
            b.wrapAround(wrapAround);
            changed.add("wrapAround " + wrapAround);
        }
        if (seed != null) {
            b.seed(seed);
            changed.add("seed " + seed);
        }
        if (!java.util.Arrays.equals(base.inputDimensions(), new int[]{height, width})) {
            changed.add("inputDimensions " + height + "x" + width + " (from the dataset)");
        }
        SpatialPoolerConfig config = b.build();
        if (learn && !config.learnsPermanences() && synPermActiveInc == null && synPermInactiveDec == null) {
            config = config.toBuilder().synPermActiveInc(DEFAULT_ACTIVE_INC).synPermInactiveDec(DEFAULT_INACTIVE_DEC).build();
            changed.add("synPermActiveInc " + DEFAULT_ACTIVE_INC + " and synPermInactiveDec " + DEFAULT_INACTIVE_DEC
                    + " (--learn on a preset without learning; set both to 0 to learn duty cycles and boosting only)");
        }
        out.println("parameters: preset " + preset.trim().toLowerCase(Locale.ROOT)
                + (changed.isEmpty() ? "" : "; changed: " + String.join("; ", changed)));
        out.println("  " + config);
        return config;
    }

    static int[] parseDims(String s) {
        String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x", -1);
        int[] dims = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                dims[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--columns must look like 64x64, got '" + s + "'", e);
        }
        return dims;
    }

    private static LabeledImages limit(LabeledImages images, Integer limit, String option) {
        if (limit == null) {
            return images;
        }
        if (limit < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + limit);
        }
        return limit >= images.size() ? images : images.slice(0, limit);
    }

    private static String dims(int[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            sb.append(i == 0 ? "" : "x").append(d[i]);
        }
        return sb.toString();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
