package io.sparsa.htm;

import io.sparsa.data.LabeledImages;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BinaryCodesTest {
    @Test
    void rowsDenseAndPadded() {
        BinaryCodes c = BinaryCodes.of(6, new int[]{0, 1, 3}, new int[]{}, new int[]{5});
        assertEquals(3, c.rows());
        assertEquals(4, c.totalBits());
        assertEquals(3, c.maxCount(0, 3));
        assertArrayEquals(new float[]{1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, c.dense(0, 2));
        int[] idx = new int[3 * 4];
        float[] val = new float[3 * 4];
        c.padded(0, 3, 4, idx, val);
        // each row: its bits at value 1, then width + slot at value 0 (past every bit)
        assertArrayEquals(new int[]{0, 1, 3, 9, 6, 7, 8, 9, 5, 7, 8, 9}, idx);
        assertArrayEquals(new float[]{1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0}, val);
        assertEquals(BinaryCodes.of(6, new int[]{}, new int[]{5}), c.slice(1, 3));
        assertEquals(c, BinaryCodes.fromDense(c.dense(0, 3), 6, 0.5f));
    }

    @Test
    void malformedCodesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BinaryCodes.of(4, new int[]{2, 1}));
        assertThrows(IllegalArgumentException.class, () -> BinaryCodes.of(4, new int[]{1, 1}));
        assertThrows(IllegalArgumentException.class, () -> BinaryCodes.of(4, new int[]{4}));
        assertThrows(IllegalArgumentException.class, () -> new BinaryCodes(4, new int[]{0, 2}, new int[]{1}));
        BinaryCodes c = BinaryCodes.of(4, new int[]{0, 1, 2});
        assertThrows(IllegalArgumentException.class, () -> c.padded(0, 1, 2, new int[2], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> c.dense(0, 2));
    }

    @Test
    void imagesAreBinarisedAboveTheThreshold() {
        // two 1x2x2 images
        LabeledImages images = new LabeledImages(new float[]{0.5f, 0.51f, 1f, 0f, 0.2f, 0.9f, 0.6f, 0.49f},
                new int[]{3, 7}, 1, 2, 2);
        BinaryCodes c = ImageBinarizer.binarize(images);
        assertArrayEquals(new int[]{1, 2}, c.row(0), "0.5 itself is off: strictly above the threshold");
        assertArrayEquals(new int[]{1, 2}, c.row(1));
        assertArrayEquals(new int[]{0, 1, 2, 3}, ImageBinarizer.binarize(images, 0f).row(1));
        assertThrows(IllegalArgumentException.class, () -> ImageBinarizer.binarize(images, 1f));
    }

    @Test
    void activityStatsCountColumns() {
        ActivityStats s = ActivityStats.of(BinaryCodes.of(5, new int[]{0, 1}, new int[]{1, 2, 3}, new int[]{1}));
        assertEquals(3, s.inputs());
        assertEquals(2.0, s.meanActive(), 1e-12);
        assertEquals(1, s.minActive());
        assertEquals(3, s.maxActive());
        assertEquals(4, s.columnsEverWon());
        assertEquals(0.8, s.fractionEverWon(), 1e-12);
    }
}
