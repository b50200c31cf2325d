package io.sparsa.reference;

import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.random.Philox;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every primitive of the reference on small cases worked out by hand (the arithmetic is in the comments). */
class ReferenceBackendHandTest {
    private final ReferenceBackend rb = new ReferenceBackend();
    private final List<Tensor> made = new ArrayList<>();

    @AfterEach
    void closeAll() {
        made.forEach(Tensor::close);
        assertEquals(0, rb.liveAllocations(), "every tensor of the test was closed");
    }

    private Tensor f(float[] v, int... shape) {
        Tensor t = rb.fromArray(v, shape);
        made.add(t);
        return t;
    }

    private Tensor i(int[] v, int... shape) {
        Tensor t = rb.fromArray(v, shape);
        made.add(t);
        return t;
    }

    private Tensor z(int... shape) {
        Tensor t = rb.zeros(shape);
        made.add(t);
        return t;
    }

    private Tensor zi(int... shape) {
        Tensor t = rb.zeros(DType.INT32, shape);
        made.add(t);
        return t;
    }

    private Tensor nan(int... shape) {
        Tensor t = z(shape);
        rb.fill(t, Float.NaN);
        return t;
    }

    private static void close(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), 1e-6f);
    }

    // ---- dense -----------------------------------------------------------------------------

    @Test
    void gemmAllTransposes() {
        Tensor a = f(new float[]{1, 2, 3, 4}, 2, 2);
        Tensor b = f(new float[]{5, 6, 7, 8}, 2, 2);
        Tensor c = nan(2, 2);
        rb.gemm(false, false, 1, a, b, 0, c);
        close(new float[]{19, 22, 43, 50}, c);             // [[1,2],[3,4]] [[5,6],[7,8]]
        rb.gemm(true, false, 1, a, b, 0, c);
        close(new float[]{26, 30, 38, 44}, c);             // [[1,3],[2,4]] B
        rb.gemm(false, true, 1, a, b, 0, c);
        close(new float[]{17, 23, 39, 53}, c);             // A [[5,7],[6,8]]
        rb.gemm(true, true, 1, a, b, 0, c);
        close(new float[]{23, 31, 34, 46}, c);             // (B A)^T, B A = [[23,34],[31,46]]
    }

    @Test
    void gemmAlphaBetaAndRectangularShapes() {
        Tensor a = f(new float[]{1, 2, 3, 4}, 2, 2);
        Tensor b = f(new float[]{5, 6, 7, 8}, 2, 2);
        Tensor c = f(new float[]{1, 1, 1, 1}, 2, 2);
        rb.gemm(false, false, 2, a, b, 0.5f, c);
        close(new float[]{38.5f, 44.5f, 86.5f, 100.5f}, c); // 2 * [[19,22],[43,50]] + 0.5
        Tensor a23 = f(new float[]{1, 0, 2, 0, 1, -1}, 2, 3);
        Tensor b31 = f(new float[]{1, 2, 3}, 3, 1);
        Tensor c21 = nan(2, 1);
        rb.gemm(false, false, 1, a23, b31, 0, c21);
        close(new float[]{7, -1}, c21);                    // 1 + 6, 2 - 3
    }

    // ---- sparse ----------------------------------------------------------------------------

    /** W = [[1, 0, 2, 0], [0, 3, 0, 4]] in ELL form. */
    private EllMatrix smallEll() {
        return new EllMatrix(i(new int[]{0, 2, 1, 3}, 2, 2), f(new float[]{1, 2, 3, 4}, 2, 2), 4);
    }

    @Test
    void ellMatmulForwardAndBackward() {
        EllMatrix w = smallEll();
        Tensor x = f(new float[]{1, 2, 3, 4, 0, 1, 0, 1}, 2, 4);
        Tensor y = nan(2, 2);
        rb.ellMatmul(x, w, null, y);
        close(new float[]{7, 22, 0, 7}, y);                // [1+6, 6+16], [0, 3+4]
        rb.ellMatmul(x, w, f(new float[]{0.5f, -1}, 2), y);
        close(new float[]{7.5f, 21, 0.5f, 6}, y);

        Tensor dy = f(new float[]{1, 2, 3, 4}, 2, 2);
        Tensor dx = nan(2, 4);
        rb.ellMatmulBackwardData(dy, w, dx);
        close(new float[]{1, 6, 2, 8, 3, 12, 6, 16}, dx);  // dy W

        Tensor dv = nan(2, 2);
        rb.ellMatmulBackwardWeights(x, dy, w, dv);
        // dv[0,0] = 1*1 + 3*0, dv[0,1] = 1*3 + 3*0, dv[1,0] = 2*2 + 4*1, dv[1,1] = 2*4 + 4*1
        close(new float[]{1, 3, 8, 12}, dv);
    }

    @Test
    void ellColumnsAreValidated() {
        Tensor x = z(1, 4);
        Tensor y = z(1, 2);
        EllMatrix outOfRange = new EllMatrix(i(new int[]{0, 4, 1, 3}, 2, 2), z(2, 2), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rb.ellMatmul(x, outOfRange, null, y));
        assertTrue(e.getMessage().contains("'w.columns'") && e.getMessage().contains("[0, 1] is 4"), e.getMessage());
        EllMatrix unsorted = new EllMatrix(i(new int[]{2, 0, 1, 3}, 2, 2), z(2, 2), 4);
        e = assertThrows(IllegalArgumentException.class, () -> rb.ellMatmul(x, unsorted, null, y));
        assertTrue(e.getMessage().contains("strictly ascending"), e.getMessage());
    }

    @Test
    void sparseSparseMatmul() {
        // W^T of the ELL matrix above, as CSR [4, 2]: input 0 -> (out 0, 1), 1 -> (1, 3), 2 -> (0, 2), 3 -> (1, 4).
        CsrMatrix wT = new CsrMatrix(i(new int[]{0, 1, 2, 3, 4}, 5), i(new int[]{0, 1, 0, 1}, 4),
                f(new float[]{1, 3, 2, 4}, 4), 2);
        Tensor y = nan(1, 2);
        // x = [0, 2, 3, 0] as (index, value) pairs in any order; W x = [2*3, 3*2].
        rb.sparseSparseMatmul(i(new int[]{2, 1}, 1, 2), f(new float[]{3, 2}, 1, 2), wT, null, y);
        close(new float[]{6, 6}, y);
        rb.sparseSparseMatmul(i(new int[]{2, 1}, 1, 2), f(new float[]{3, 2}, 1, 2), wT, f(new float[]{1, -1}, 2), y);
        close(new float[]{7, 5}, y);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rb.sparseSparseMatmul(i(new int[]{1, 1}, 1, 2), f(new float[]{3, 2}, 1, 2), wT, null, y));
        assertTrue(e.getMessage().contains("'xIndices'") && e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rb.sparseSparseMatmul(i(new int[]{1, 4}, 1, 2), f(new float[]{3, 2}, 1, 2), wT, null, y));
        assertTrue(e.getMessage().contains("'xIndices'") && e.getMessage().contains("[0, 4)"), e.getMessage());
    }

    // ---- convolution and pooling -------------------------------------------------------------

    private Tensor oneToNine() {
        return f(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
    }

    @Test
    void conv2dForward() {
        Tensor w = f(new float[]{1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor y = nan(1, 1, 2, 2);
        rb.conv2d(oneToNine(), w, null, Conv2dGeometry.of(2, 1, 0), y);
        close(new float[]{-4, -4, -4, -4}, y);             // x[i][j] - x[i+1][j+1]
        rb.conv2d(oneToNine(), w, f(new float[]{1}, 1), Conv2dGeometry.of(2, 1, 0), y);
        close(new float[]{-3, -3, -3, -3}, y);
        // Stride 2, padding 1: the windows start at (-1,-1), (-1,1), (1,-1), (1,1); padding reads 0.
        rb.conv2d(oneToNine(), w, null, Conv2dGeometry.of(2, 2, 1), y);
        close(new float[]{-1, -3, -7, 5 - 9}, y);

        // Two channels in, two out, 1x1 kernels: out0 = ch0 + ch1, out1 = 2 ch0 - ch1.
        Tensor x2 = f(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        Tensor w2 = f(new float[]{1, 1, 2, -1}, 2, 2, 1, 1);
        Tensor y2 = nan(1, 2, 2, 2);
        rb.conv2d(x2, w2, null, Conv2dGeometry.of(1, 1, 0), y2);
        close(new float[]{6, 8, 10, 12, -3, -2, -1, 0}, y2);
    }

    @Test
    void conv2dBackward() {
        Tensor w = f(new float[]{1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor dy = f(new float[]{1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor dx = nan(1, 1, 3, 3);
        rb.conv2dBackwardData(dy, w, Conv2dGeometry.of(2, 1, 0), dx);
        // dy placed at (0,0) times 1 plus dy placed at (1,1) times -1.
        close(new float[]{1, 2, 0, 3, 4 - 1, -2, 0, -3, -4}, dx);

        Tensor dw = nan(1, 1, 2, 2);
        Tensor db = nan(1);
        rb.conv2dBackwardWeights(oneToNine(), dy, Conv2dGeometry.of(2, 1, 0), dw, db);
        // dw[i][j] = sum dy[oh][ow] x[oh+i][ow+j]: 1+4+12+20, 2+6+15+24, 4+10+21+32, 5+12+24+36
        close(new float[]{37, 47, 67, 77}, dw);
        close(new float[]{10}, db);
    }

    @Test
    void sparseConv2dMatchesTheDenseHandCase() {
        // Keep taps 0 and 3 of the 2x2 kernel with weights 1 and -1: the dense kernel [[1,0],[0,-1]].
        EllMatrix w = new EllMatrix(i(new int[]{0, 3}, 1, 2), f(new float[]{1, -1}, 1, 2), 4);
        Conv2dGeometry g = Conv2dGeometry.of(2, 1, 0);
        Tensor y = nan(1, 1, 2, 2);
        rb.sparseConv2d(oneToNine(), w, f(new float[]{1}, 1), g, y);
        close(new float[]{-3, -3, -3, -3}, y);
        Tensor dy = f(new float[]{1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor dx = nan(1, 1, 3, 3);
        rb.sparseConv2dBackwardData(dy, w, g, dx);
        close(new float[]{1, 2, 0, 3, 3, -2, 0, -3, -4}, dx);
        Tensor dv = nan(1, 2);
        Tensor db = nan(1);
        rb.sparseConv2dBackwardWeights(oneToNine(), dy, w, g, dv, db);
        close(new float[]{37, 77}, dv);                    // dw[0][0] and dw[1][1] of the dense case
        close(new float[]{10}, db);
    }

    @Test
    void maxPoolForwardBackwardAndTies() {
        Tensor x = f(new float[]{1, 5, 2, 0, 3, 5, 7, 1, 0, 2, 9, 9}, 1, 1, 3, 4);
        Tensor y = nan(1, 1, 1, 2);
        Tensor am = zi(1, 1, 1, 2);
        rb.maxPool2d(x, 2, 2, y, am);
        close(new float[]{5, 7}, y);
        assertArrayEquals(new int[]{1, 6}, am.toIntArray()); // 5 first at (0,1); 7 at (1,2)

        Tensor y2 = nan(1, 1, 2, 3);
        Tensor am2 = zi(1, 1, 2, 3);
        rb.maxPool2d(x, 2, 1, y2, am2);
        close(new float[]{5, 7, 7, 5, 9, 9}, y2);
        // The tie 9, 9 in the last window goes to (2,2) = 10, the first in row-major order.
        assertArrayEquals(new int[]{1, 6, 6, 5, 10, 10}, am2.toIntArray());

        Tensor dx = nan(1, 1, 3, 4);
        rb.maxPool2dBackward(f(new float[]{1, 2, 3, 4, 5, 6}, 1, 1, 2, 3), am2, dx);
        close(new float[]{0, 1, 0, 0, 0, 4, 2 + 3, 0, 0, 0, 5 + 6, 0}, dx);
    }

    // ---- k-winners ---------------------------------------------------------------------------

    @Test
    void kWinnersPicksTheLargestWithTiesToTheLowerIndex() {
        Tensor out = nan(1, 5);
        Tensor idx = zi(1, 2);
        rb.kWinners(f(new float[]{3, 1, 4, 1, 5}, 1, 5), null, 2, out, idx);
        close(new float[]{0, 0, 4, 0, 5}, out);
        assertArrayEquals(new int[]{2, 4}, idx.toIntArray());

        rb.kWinners(f(new float[]{1, 2, 2, 2, 0}, 1, 5), null, 2, out, idx);
        close(new float[]{0, 2, 2, 0, 0}, out);
        assertArrayEquals(new int[]{1, 2}, idx.toIntArray());

        Tensor one = zi(1, 1);
        Tensor out3 = nan(1, 3);
        rb.kWinners(f(new float[]{-3, -1, -2}, 1, 3), null, 1, out3, one);
        close(new float[]{0, -1, 0}, out3);
        assertArrayEquals(new int[]{1}, one.toIntArray());
    }

    @Test
    void kWinnersBoostsPerUnitAndPerGroupButKeepsTheRawValue() {
        Tensor out = nan(1, 4);
        Tensor idx = zi(1, 2);
        // Scores 1*1, 1*3, 1*2, 1*0.5: units 1 and 2 win, and keep their un-boosted 1.
        rb.kWinners(f(new float[]{1, 1, 1, 1}, 1, 4), f(new float[]{1, 3, 2, 0.5f}, 4), 2, out, idx);
        close(new float[]{0, 1, 1, 0}, out);
        assertArrayEquals(new int[]{1, 2}, idx.toIntArray());
        // Two groups of two units, boosts 4 and 1: scores 4, 8, 3, 4; the 4-4 tie goes to unit 0.
        rb.kWinners(f(new float[]{1, 2, 3, 4}, 1, 4), f(new float[]{4, 1}, 2), 2, out, idx);
        close(new float[]{1, 2, 0, 0}, out);
        assertArrayEquals(new int[]{0, 1}, idx.toIntArray());
    }

    @Test
    void kWinnersWithKAtLeastNPassesEverythingThrough() {
        Tensor out = nan(2, 2);
        Tensor idx = zi(2, 2);
        rb.kWinners(f(new float[]{-1, 2, 0, -5}, 2, 2), null, 5, out, idx);
        close(new float[]{-1, 2, 0, -5}, out);
        assertArrayEquals(new int[]{0, 1, 0, 1}, idx.toIntArray());
    }

    @Test
    void kWinnersRejectsNaNScores() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rb.kWinners(f(new float[]{1, Float.NaN}, 1, 2), null, 1, z(1, 2), zi(1, 1)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("[0, 1]"), e.getMessage());
    }

    @Test
    void kWinnersLocalPerPosition() {
        // x [1, 3, 1, 2]: position 0 has channels (1, 5, 3), position 1 has (4, 2, 4).
        Tensor x = f(new float[]{1, 4, 5, 2, 3, 4}, 1, 3, 1, 2);
        Tensor out = nan(1, 3, 1, 2);
        Tensor idx = zi(1, 2, 1, 2);
        rb.kWinnersLocal(x, null, 2, out, idx);
        close(new float[]{0, 4, 5, 0, 3, 4}, out);
        assertArrayEquals(new int[]{1, 0, 2, 2}, idx.toIntArray()); // winners (1, 2) and (0, 2)
        // Boost channel 1 down to nothing: position 0 now picks channels 0 and 2.
        rb.kWinnersLocal(x, f(new float[]{1, 0, 1}, 3), 2, out, idx);
        close(new float[]{1, 4, 0, 0, 3, 4}, out);
        assertArrayEquals(new int[]{0, 0, 2, 2}, idx.toIntArray());
    }

    @Test
    void kWinnersBackwardCopiesGradientAtWinnersOnly() {
        Tensor dx = nan(1, 5);
        rb.kWinnersBackward(f(new float[]{1, 2, 3, 4, 5}, 1, 5), i(new int[]{2, 4}, 1, 2), dx);
        close(new float[]{0, 0, 3, 0, 5}, dx);
        Tensor dxl = nan(1, 3, 1, 2);
        rb.kWinnersLocalBackward(f(new float[]{1, 2, 3, 4, 5, 6}, 1, 3, 1, 2), i(new int[]{1, 0, 2, 2}, 1, 2, 1, 2), dxl);
        close(new float[]{0, 2, 3, 0, 5, 6}, dxl);
        assertThrows(IllegalArgumentException.class,
                () -> rb.kWinnersBackward(f(new float[]{1, 2}, 1, 2), i(new int[]{2}, 1, 1), z(1, 2)));
    }

    @Test
    void dutyCyclesPerUnitAndPerGroup() {
        Tensor out = f(new float[]{1, 0, 2, 0, 0, 0, 3, 1}, 2, 4);
        Tensor duty = f(new float[]{0.5f, 0.5f, 0.5f, 0.5f}, 4);
        rb.dutyCycleUpdate(out, duty, 4);
        // Active counts 1, 0, 2, 1; duty = (0.5 * (4 - 2) + count) / 4.
        close(new float[]{0.5f, 0.25f, 0.75f, 0.5f}, duty);
        Tensor grouped = f(new float[]{0.5f, 0.5f}, 2);
        rb.dutyCycleUpdate(out, grouped, 4);
        // Groups of two units: counts 1 and 3, divided by the group size: 0.5 and 1.5.
        close(new float[]{(1 + 0.5f) / 4, (1 + 1.5f) / 4}, grouped);
    }

    @Test
    void boostFactors() {
        Tensor boost = nan(3);
        rb.boostFactors(f(new float[]{0.1f, 0.3f, 0f}, 3), 0.1f, 2f, boost);
        close(new float[]{1f, (float) Math.exp(-0.4), (float) Math.exp(0.2)}, boost);
    }

    // ---- element-wise ----------------------------------------------------------------------

    @Test
    void elementwiseOps() {
        Tensor x = z(2, 3);
        rb.addBias(x, f(new float[]{1, 2, 3}, 3));
        close(new float[]{1, 2, 3, 1, 2, 3}, x);
        Tensor x4 = f(new float[]{1, 2, 3, 4}, 1, 2, 1, 2);
        rb.addBias(x4, f(new float[]{10, 20}, 2));
        close(new float[]{11, 12, 23, 24}, x4);

        Tensor r = f(new float[]{-1, 0, 2}, 3);
        Tensor y = nan(3);
        rb.relu(r, y);
        close(new float[]{0, 0, 2}, y);
        Tensor dx = nan(3);
        rb.reluBackward(f(new float[]{5, 6, 7}, 3), r, dx);
        close(new float[]{0, 0, 7}, dx);                   // the gradient at exactly 0 is 0

        Tensor m = nan(3);
        rb.mul(f(new float[]{1, 2, 3}, 3), f(new float[]{4, -5, 0.5f}, 3), m);
        close(new float[]{4, -10, 1.5f}, m);
        Tensor ay = f(new float[]{3, 4}, 2);
        rb.axpy(2, f(new float[]{1, 2}, 2), ay);
        close(new float[]{5, 8}, ay);
        Tensor s = f(new float[]{1, -2}, 2);
        rb.scale(-0.5f, s);
        close(new float[]{-0.5f, 1}, s);
        Tensor c = f(new float[]{-2, 0.5f, 3}, 3);
        rb.clamp(c, -1, 1);
        close(new float[]{-1, 0.5f, 1}, c);
        Tensor ge = nan(3);
        rb.greaterEqual(f(new float[]{0.5f, 1, 2}, 3), 1, ge);
        close(new float[]{0, 1, 1}, ge);
    }

    @Test
    void rowOps() {
        Tensor sums = nan(2);
        rb.sumRows(f(new float[]{1, 2, 3, 4, 5, 6}, 3, 2), sums);
        close(new float[]{9, 12}, sums);
        Tensor g = nan(2, 2);
        rb.gatherRows(f(new float[]{10, 20, 30, 40, 50, 60}, 2, 3), i(new int[]{2, 0, 1, 1}, 2, 2), g);
        close(new float[]{30, 10, 50, 50}, g);
        Tensor am = zi(2);
        rb.argmaxRows(f(new float[]{1, 3, 3, -1, -2, -1}, 2, 3), am);
        assertArrayEquals(new int[]{1, 0}, am.toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rb.gatherRows(f(new float[]{1, 2}, 1, 2), i(new int[]{2}, 1, 1), z(1, 1)));
        assertTrue(e.getMessage().contains("'indices'") && e.getMessage().contains("[0, 2)"), e.getMessage());
    }

    // ---- loss ----------------------------------------------------------------------------------

    @Test
    void logSoftmaxNllAndBackward() {
        Tensor lp = nan(3, 2);
        rb.logSoftmax(f(new float[]{0, (float) Math.log(3), 1000, 1000, -7, -7}, 3, 2), lp);
        // softmax(0, ln 3) = (1/4, 3/4); large equal logits must not overflow.
        close(new float[]{(float) Math.log(0.25), (float) Math.log(0.75), (float) -Math.log(2), (float) -Math.log(2),
                (float) -Math.log(2), (float) -Math.log(2)}, lp);

        Tensor logProbs = f(new float[]{(float) Math.log(0.25), (float) Math.log(0.75), (float) Math.log(0.5),
                (float) Math.log(0.5)}, 2, 2);
        Tensor labels = i(new int[]{1, 0}, 2);
        assertEquals(-(Math.log(0.75) + Math.log(0.5)) / 2, rb.nllLoss(logProbs, labels), 1e-6);
        Tensor d = nan(2, 2);
        rb.logSoftmaxNllBackward(logProbs, labels, d);
        close(new float[]{0.25f / 2, -0.25f / 2, -0.5f / 2, 0.5f / 2}, d); // (p - onehot) / B, labels 1 and 0

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rb.nllLoss(logProbs, i(new int[]{0, 2}, 2)));
        assertTrue(e.getMessage().contains("'labels'") && e.getMessage().contains("is 2") && e.getMessage().contains("[0, 2)"),
                e.getMessage());
    }

    // ---- normalisation and dropout --------------------------------------------------------------

    @Test
    void batchNormTrainingAndEvaluation() {
        Tensor x = f(new float[]{1, 2, 3, 4}, 4, 1);
        Tensor rm = f(new float[]{0}, 1);
        Tensor rv = f(new float[]{1}, 1);
        Tensor y = nan(4, 1);
        Tensor sm = nan(1);
        Tensor si = nan(1);
        rb.batchNorm(x, f(new float[]{2}, 1), f(new float[]{1}, 1), rm, rv, true, 0.1f, 1e-5f, y, sm, si);
        // Mean 2.5, biased variance 1.25 (normalises), unbiased 5/3 (running).
        double inv = 1 / Math.sqrt(1.25 + 1e-5);
        close(new float[]{(float) (-1.5 * inv * 2 + 1), (float) (-0.5 * inv * 2 + 1), (float) (0.5 * inv * 2 + 1),
                (float) (1.5 * inv * 2 + 1)}, y);
        close(new float[]{2.5f}, sm);
        close(new float[]{(float) inv}, si);
        close(new float[]{0.25f}, rm);
        close(new float[]{(float) (0.9 + 0.1 * 5.0 / 3)}, rv);

        Tensor rm2 = f(new float[]{1}, 1);
        Tensor rv2 = f(new float[]{4}, 1);
        rb.batchNorm(x, null, null, rm2, rv2, false, 0.1f, 1e-5f, y, sm, si);
        double inv2 = 1 / Math.sqrt(4 + 1e-5);
        close(new float[]{0, (float) inv2, (float) (2 * inv2), (float) (3 * inv2)}, y);
        close(new float[]{1}, rm2);                        // evaluation leaves the running statistics alone
        close(new float[]{4}, rv2);
        close(new float[]{1}, sm);
        close(new float[]{(float) inv2}, si);
    }

    @Test
    void batchNormOverChannelsAndPlanes() {
        // [2, 2, 1, 2]: channel 0 holds 1, 3, 5, 7 (mean 4, biased var 5); channel 1 holds 0, 0, 2, 2 (mean 1, var 1).
        Tensor x = f(new float[]{1, 3, 0, 0, 5, 7, 2, 2}, 2, 2, 1, 2);
        Tensor y = nan(2, 2, 1, 2);
        Tensor sm = nan(2);
        Tensor si = nan(2);
        rb.batchNorm(x, null, null, z(2), f(new float[]{1, 1}, 2), true, 1f, 1e-5f, y, sm, si);
        close(new float[]{4, 1}, sm);
        float a = (float) (1 / Math.sqrt(5 + 1e-5));
        float b = (float) (1 / Math.sqrt(1 + 1e-5));
        close(new float[]{a, b}, si);
        close(new float[]{-3 * a, -a, -b, -b, a, 3 * a, b, b}, y);
    }

    @Test
    void batchNormTrainingNeedsTwoValuesPerChannel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rb.batchNorm(z(1, 3), null, null,
                z(3), z(3), true, 0.1f, 1e-5f, z(1, 3), z(3), z(3)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("[1, 3]"), e.getMessage());
    }

    @Test
    void batchNormBackwardOfAConstantGradient() {
        // With dy constant, the gradient of x vanishes (a shift of y is absorbed by the mean), dBeta = sum dy,
        // and dGamma = c * sum(xhat) = 0.
        Tensor x = f(new float[]{1, 2, 3, 4}, 4, 1);
        Tensor dx = nan(4, 1);
        Tensor dg = nan(1);
        Tensor db = nan(1);
        rb.batchNormBackward(f(new float[]{0.5f, 0.5f, 0.5f, 0.5f}, 4, 1), x, f(new float[]{3}, 1), f(new float[]{2.5f}, 1),
                f(new float[]{(float) (1 / Math.sqrt(1.25))}, 1), dx, dg, db);
        assertArrayEquals(new float[]{0, 0, 0, 0}, dx.toFloatArray(), 1e-6f);
        close(new float[]{0}, dg);
        close(new float[]{2}, db);
    }

    @Test
    void dropoutUsesPhiloxWords() {
        // Seed 0, counter block 0 = Philox4x32-10(0, 0) = 6627e8d5 e169c58d bc57ac4c 9b00dbd8, so the
        // uniforms are 0x6627e8 / 2^24 = 0.399, 0.881, 0.736, 0.606.
        Tensor x = f(new float[]{1, 2, 3, 4}, 4);
        Tensor y = nan(4);
        Tensor mask = nan(4);
        rb.dropout(x, 0.5f, 0, 0, y, mask);
        assertArrayEquals(new float[]{0, 2, 2, 2}, mask.toFloatArray());
        assertArrayEquals(new float[]{0, 4, 6, 8}, y.toFloatArray());
        rb.dropout(x, 0.7f, 0, 0, y, mask);
        float keep = 1f / (1f - 0.7f);
        assertArrayEquals(new float[]{0, keep, keep, 0}, mask.toFloatArray());
        assertArrayEquals(new float[]{0, 2 * keep, 3 * keep, 0}, y.toFloatArray());
        // Offset 1 shifts the stream by one element.
        rb.dropout(x, 0.5f, 0, 1, y, mask);
        assertArrayEquals(new float[]{2, 2, 2, Philox.uniform(0, 4) >= 0.5f ? 2 : 0}, mask.toFloatArray());
        rb.dropout(x, 0f, 12345, 99, y, mask);
        assertArrayEquals(new float[]{1, 1, 1, 1}, mask.toFloatArray());
        assertArrayEquals(new float[]{1, 2, 3, 4}, y.toFloatArray());
    }

    // ---- optimiser -----------------------------------------------------------------------------

    @Test
    void sgdStepWithMomentumWeightDecayAndMask() {
        Tensor p = f(new float[]{1, 2}, 2);
        Tensor v = f(new float[]{1, 0}, 2);
        rb.sgdStep(p, f(new float[]{0.5f, -1}, 2), v, 0.1f, 0.9f, 0.1f, f(new float[]{1, 0}, 2));
        // g = grad + 0.1 p = (0.6, -0.8); v = 0.9 v + g = (1.5, -0.8); p - 0.1 v = (0.85, 2.08); masked -> (0.85, 0).
        close(new float[]{1.5f, -0.8f}, v);
        close(new float[]{0.85f, 0}, p);

        Tensor p2 = f(new float[]{1, 2}, 2);
        Tensor untouched = f(new float[]{7, 7}, 2);
        rb.sgdStep(p2, f(new float[]{0.5f, -1}, 2), untouched, 0.1f, 0f, 0.1f, null);
        close(new float[]{1 - 0.06f, 2 + 0.08f}, p2);
        close(new float[]{7, 7}, untouched);              // momentum 0 keeps no buffer
        Tensor p3 = f(new float[]{1}, 1);
        rb.sgdStep(p3, f(new float[]{2}, 1), null, 0.5f, 0f, 0f, null);
        close(new float[]{0}, p3);
    }

    // ---- memory ----------------------------------------------------------------------------------

    @Test
    void copyFillAndLiveAllocations() {
        long start = rb.liveAllocations();
        Tensor a = f(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = nan(3, 2);
        rb.copy(a, b);
        close(new float[]{1, 2, 3, 4, 5, 6}, b);
        rb.fill(b.reshape(6), 2.5f);
        close(new float[]{2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f}, b);
        Tensor ia = i(new int[]{4, 5}, 2);
        Tensor ib = zi(1, 2);
        rb.copy(ia, ib);
        assertArrayEquals(new int[]{4, 5}, ib.toIntArray());
        assertEquals(start + 4, rb.liveAllocations());
        Tensor extra = rb.zeros(5);
        assertEquals(start + 5, rb.liveAllocations());
        extra.close();
        extra.close();
        assertEquals(start + 4, rb.liveAllocations());
        assertEquals("reference", rb.name());
    }
}
