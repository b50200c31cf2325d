package io.sparsa.htm;

import io.sparsa.conformance.TestData;
import io.sparsa.htm.KnnClassifier.Distance;
import io.sparsa.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KnnClassifierTest {
    /** s0 {0,1,2} label 0; s1 {0..5} label 1; s2 {5,6} label 2; s3 {0,1,2} label 3 (a copy of s0). */
    private static final BinaryCodes STORED = BinaryCodes.of(8, new int[]{0, 1, 2}, new int[]{0, 1, 2, 3, 4, 5},
            new int[]{5, 6}, new int[]{0, 1, 2});
    private static final int[] LABELS = {0, 1, 2, 3};

    private ReferenceBackend backend;

    @BeforeEach
    void start() {
        backend = new ReferenceBackend();
    }

    @AfterEach
    void stop() {
        assertEquals(0, backend.liveAllocations(), "every tensor must be closed");
        backend.close();
    }

    private int[] predict(int k, Distance d, int[]... queries) {
        try (KnnClassifier knn = new KnnClassifier(backend, k, d)) {
            knn.fit(STORED, LABELS);
            return knn.predict(BinaryCodes.of(8, queries));
        }
    }

    @Test
    void chunksDoNotChangeTheNeighbours() {
        long seed = TestData.seedFromProperties("KnnClassifierTest chunks");
        java.util.Random random = new java.util.Random(seed);
        int width = 23;
        // few bits of a narrow code: many equal distances, so the tie rule is exercised
        BinaryCodes stored = random(random, 53, width);
        BinaryCodes queries = random(random, 17, width);
        int[] labels = new int[53];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(4);
        }
        for (Distance d : Distance.values()) {
            for (int k : new int[]{1, 3, 7, 60}) {
                KnnClassifier.Neighbours expected;
                int[] predicted;
                try (KnnClassifier one = new KnnClassifier(backend, k, d, 1 << 20)) {
                    one.fit(stored, labels);
                    expected = one.nearest(queries);
                    predicted = one.predict(queries);
                }
                // chunks of 1, 3 (the last one shorter) and all 17 queries
                for (int chunk : new int[]{1, 3 * 53, 1000}) {
                    try (KnnClassifier knn = new KnnClassifier(backend, k, d, chunk)) {
                        knn.fit(stored, labels);
                        KnnClassifier.Neighbours nb = knn.nearest(queries);
                        String what = d + " k=" + k + " chunk " + chunk + " (seed " + seed + ")";
                        assertArrayEquals(expected.indices(), nb.indices(), what);
                        assertArrayEquals(expected.overlap(), nb.overlap(), what);
                        assertArrayEquals(expected.hamming(), nb.hamming(), what);
                        assertArrayEquals(predicted, knn.predict(queries), what);
                    }
                }
                // against a plain scan: rank by distance, then position
                for (int q = 0; q < queries.rows(); q++) {
                    List<Integer> order = new ArrayList<>();
                    for (int s = 0; s < stored.rows(); s++) {
                        order.add(s);
                    }
                    int qq = q;
                    Comparator<Integer> byDistance = Comparator.comparingInt(s -> distance(d, queries, qq, stored, s));
                    order.sort(byDistance.thenComparingInt(s -> s));
                    for (int j = 0; j < expected.k(); j++) {
                        assertEquals(order.get(j).intValue(), expected.index(q, j), d + " k=" + k + " query " + q);
                    }
                }
            }
        }
    }

    private static int distance(Distance d, BinaryCodes a, int i, BinaryCodes b, int j) {
        java.util.Set<Integer> x = new java.util.HashSet<>();
        for (int bit : a.row(i)) {
            x.add(bit);
        }
        int shared = 0;
        for (int bit : b.row(j)) {
            shared += x.contains(bit) ? 1 : 0;
        }
        return d == Distance.OVERLAP ? -shared : a.count(i) + b.count(j) - 2 * shared;
    }

    private static BinaryCodes random(java.util.Random random, int rows, int width) {
        int[][] r = new int[rows][];
        for (int i = 0; i < rows; i++) {
            java.util.TreeSet<Integer> bits = new java.util.TreeSet<>();
            int count = random.nextInt(6);
            while (bits.size() < count) {
                bits.add(random.nextInt(width));
            }
            r[i] = bits.stream().mapToInt(Integer::intValue).toArray();
        }
        return BinaryCodes.of(width, r);
    }

    @Test
    void overlapAndHammingByHand() {
        // {0,1,2}: overlap 3 with s0, s1, s3 -> earliest s0; Hamming 0 with s0 and s3 -> s0
        // {5,6,7}: s2 either way (overlap 2; Hamming 1)
        // {4,5}: overlap prefers s1 (2 shared) but Hamming prefers s2 (2 differ, against 4)
        // {}: every overlap is 0 -> s0; Hamming = |s| -> the smallest code, s2
        int[][] q = {{0, 1, 2}, {5, 6, 7}, {4, 5}, {}};
        assertArrayEquals(new int[]{0, 2, 1, 0}, predict(1, Distance.OVERLAP, q));
        assertArrayEquals(new int[]{0, 2, 2, 2}, predict(1, Distance.HAMMING, q));
    }

    @Test
    void neighboursAreRankedWithTiesToTheEarlierCode() {
        try (KnnClassifier knn = new KnnClassifier(backend, 3, Distance.HAMMING)) {
            knn.fit(STORED, LABELS);
            KnnClassifier.Neighbours nb = knn.nearest(BinaryCodes.of(8, new int[]{0, 1, 2}));
            // Hamming 0 (s0), 0 (s3), 3 (s1)
            assertArrayEquals(new int[]{0, 3, 1}, nb.indices());
            assertArrayEquals(new int[]{0, 0, 3}, nb.hamming());
            assertArrayEquals(new int[]{3, 3, 3}, nb.overlap());
            // three labels with one vote each: the label of the best-ranked neighbour wins
            assertArrayEquals(new int[]{0}, knn.predict(BinaryCodes.of(8, new int[]{0, 1, 2})));
        }
    }

    @Test
    void theMajorityOfTheKNearestWins() {
        BinaryCodes stored = BinaryCodes.of(3, new int[]{0}, new int[]{0, 1}, new int[]{0, 2});
        try (KnnClassifier one = new KnnClassifier(backend, 1, Distance.OVERLAP);
             KnnClassifier three = new KnnClassifier(backend, 3, Distance.OVERLAP);
             KnnClassifier many = new KnnClassifier(backend, 10, Distance.OVERLAP)) {
            int[] labels = {5, 7, 7};
            one.fit(stored, labels);
            three.fit(stored, labels);
            many.fit(stored, labels);
            BinaryCodes q = BinaryCodes.of(3, new int[]{0});
            assertArrayEquals(new int[]{5}, one.predict(q));
            assertArrayEquals(new int[]{7}, three.predict(q));
            assertEquals(3, many.nearest(q).k(), "k is capped at the number of stored codes");
            assertEquals(1.0, three.accuracy(q, new int[]{7}));
        }
    }

    @Test
    void matchesBruteForceOnRandomCodesInSmallChunks() {
        TestData data = new TestData(TestData.seedFromProperties("KnnClassifierTest")).derive("bruteForce");
        int width = 12;
        BinaryCodes stored = randomCodes(data, 37, width);
        BinaryCodes queries = randomCodes(data, 23, width);
        int[] labels = data.ints(37, 0, 4);
        for (Distance d : Distance.values()) {
            for (int k : new int[]{1, 4}) {
                // 100 similarity values per chunk: two queries at a time
                try (KnnClassifier knn = new KnnClassifier(backend, k, d, 100)) {
                    knn.fit(stored, labels);
                    KnnClassifier.Neighbours nb = knn.nearest(queries);
                    for (int q = 0; q < queries.rows(); q++) {
                        int[] expected = bruteForce(stored, queries, q, k, d);
                        for (int j = 0; j < k; j++) {
                            assertEquals(expected[j], nb.index(q, j), d + " k=" + k + " query " + q + " rank " + j
                                    + " (seed " + data.seed() + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void misuseIsReported() {
        try (KnnClassifier knn = new KnnClassifier(backend, 1, Distance.OVERLAP)) {
            assertThrows(IllegalStateException.class, () -> knn.predict(STORED), "predict before fit");
            assertThrows(IllegalArgumentException.class, () -> knn.fit(STORED, new int[]{1, 2}));
            assertThrows(IllegalArgumentException.class, () -> knn.fit(STORED, new int[]{0, 1, -1, 2}));
            knn.fit(STORED, LABELS);
            assertThrows(IllegalArgumentException.class, () -> knn.predict(BinaryCodes.of(9, new int[]{1})));
        }
        assertThrows(IllegalArgumentException.class, () -> new KnnClassifier(backend, 0, Distance.OVERLAP));
        assertEquals(Distance.HAMMING, Distance.parse(" Hamming "));
        assertThrows(IllegalArgumentException.class, () -> Distance.parse("cosine"));
    }

    private static BinaryCodes randomCodes(TestData data, int rows, int width) {
        int[][] r = new int[rows][];
        for (int i = 0; i < rows; i++) {
            // few distinct sizes and small widths make equal distances (ties) common
            r[i] = data.distinctSorted(1 + data.nextInt(6), width);
        }
        return BinaryCodes.of(width, r);
    }

    /** Sorts every stored code by distance, ties by position, and returns the first k positions. */
    private static int[] bruteForce(BinaryCodes stored, BinaryCodes queries, int q, int k, Distance d) {
        List<int[]> scored = new ArrayList<>();
        int[] query = queries.row(q);
        for (int s = 0; s < stored.rows(); s++) {
            int shared = 0;
            for (int bit : stored.row(s)) {
                for (int x : query) {
                    shared += bit == x ? 1 : 0;
                }
            }
            int distance = d == Distance.OVERLAP ? -shared : query.length + stored.count(s) - 2 * shared;
            scored.add(new int[]{distance, s});
        }
        scored.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1]));
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = scored.get(j)[1];
        }
        return out;
    }
}
