package io.sparsa.htm;

import io.sparsa.data.LabeledImages;
import io.sparsa.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpatialPoolerClassifierTest {
    /** 6x6 images: class 0 lights the top rows, class 1 the left columns, plus one stray pixel each. */
    private static LabeledImages images(int count, int offset) {
        float[] px = new float[count * 36];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 36; p++) {
                boolean on = labels[i] == 0 ? p < 12 : p % 6 < 2;
                px[i * 36 + p] = on ? 0.9f : 0.1f;
            }
            px[i * 36 + (7 * (i + offset)) % 36] = 1f;
        }
        return new LabeledImages(px, labels, 1, 6, 6);
    }

    @Test
    void separatesTwoShapes() {
        SpatialPoolerConfig c = SpatialPoolerConfig.builder().inputDimensions(6, 6).columnDimensions(8, 8)
                .potentialRadius(6).potentialPct(0.7f).numActiveColumnsPerInhArea(6).synPermConnected(0.5f).seed(5)
                .build();
        try (ReferenceBackend b = new ReferenceBackend()) {
            try (SpatialPoolerClassifier model = new SpatialPoolerClassifier(b, c, 1, KnnClassifier.Distance.OVERLAP, 0.5f)) {
                ActivityStats learned = model.learn(images(10, 0), 1);
                assertEquals(6, learned.minActive());
                BinaryCodes stored = model.fit(images(20, 0));
                assertEquals(20, stored.rows());
                assertEquals(1.0, model.accuracy(images(12, 3)));
                assertThrows(IllegalArgumentException.class,
                        () -> model.accuracy(new LabeledImages(new float[25], new int[]{0}, 1, 5, 5)));
            }
            assertEquals(0, b.liveAllocations());
            assertThrows(IllegalArgumentException.class,
                    () -> new SpatialPoolerClassifier(b, c, 1, KnnClassifier.Distance.OVERLAP, 1.5f));
        }
    }
}
