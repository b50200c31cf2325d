package io.sparsa.htm;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Timing harness (not a test): the thread-mnist spatial pooler on the bundled digits, then the
 * k-NN classifier over its codes, printing where the time goes. Run on the test class path, e.g.
 * {@code java --add-modules jdk.incubator.vector -cp engine-cpu/target-X/test-classes:engine-cpu/target-X/classes:engine-api/target-X/classes
 * io.sparsa.htm.KnnTimingMain [backend] [repeats] [chunk elements, comma-separated]}.
 */
public final class KnnTimingMain {
    private KnnTimingMain() {
    }

    public static void main(String[] args) throws IOException {
        String backendName = args.length > 0 ? args[0] : "cpu";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] chunks = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{KnnClassifier.DEFAULT_CHUNK_ELEMENTS};
        Dataset data = Datasets.loadBundledMnist();
        try (Backend backend = Backends.create(backendName)) {
            System.out.println("backend: " + backend.deviceDescription());
            BinaryCodes trainCodes;
            BinaryCodes testCodes;
            try (SpatialPooler sp = new SpatialPooler(backend, SpatialPoolerConfig.threadMnist())) {
                BinaryCodes trainInputs = ImageBinarizer.binarize(data.train(), 0.5f);
                BinaryCodes testInputs = ImageBinarizer.binarize(data.test(), 0.5f);
                long t = System.nanoTime();
                trainCodes = sp.encode(trainInputs);
                testCodes = sp.encode(testInputs);
                System.out.printf(Locale.ROOT, "SP encode: %d + %d inputs in %.3f s%n", trainCodes.rows(),
                        testCodes.rows(), seconds(t));
            }
            for (KnnClassifier.Distance distance : KnnClassifier.Distance.values()) {
                for (int k : new int[]{1, 5}) {
                    for (int chunk : chunks) {
                        time(backend, distance, k, chunk, trainCodes, testCodes, data, repeats);
                    }
                }
            }
        }
    }

    private static void time(Backend backend, KnnClassifier.Distance distance, int k, int chunk, BinaryCodes train,
                             BinaryCodes test, Dataset data, int repeats) {
        try (KnnClassifier knn = new KnnClassifier(backend, k, distance, chunk)) {
            long t = System.nanoTime();
            knn.fit(train, data.train().labels());
            double fit = seconds(t);
            double[] times = new double[repeats];
            int[] predicted = null;
            for (int r = 0; r < repeats; r++) {
                t = System.nanoTime();
                predicted = knn.predict(test);
                times[r] = seconds(t);
            }
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                right += predicted[i] == data.test().label(i) ? 1 : 0;
            }
            Arrays.sort(times);
            System.out.printf(Locale.ROOT, "k-NN %s k=%d, chunks of %d similarities: fit %.3f s; predict %d: min %.3f s, median %.3f s; "
                            + "accuracy %.2f%%; prediction hash %d%n", distance, k, chunk, fit, test.rows(), times[0],
                    times[repeats / 2], 100.0 * right / predicted.length, Arrays.hashCode(predicted));
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
