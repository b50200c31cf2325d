package io.sparsa.cpu;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.cpu.conv.Conv2d;
import io.sparsa.cpu.conv.ConvShape;
import io.sparsa.cpu.conv.MaxPool2d;
import io.sparsa.cpu.conv.SparseInputConv2d;
import io.sparsa.cpu.elementwise.BatchNorm;
import io.sparsa.cpu.elementwise.Dropout;
import io.sparsa.cpu.elementwise.Elementwise;
import io.sparsa.cpu.elementwise.LogSoftmaxNll;
import io.sparsa.cpu.elementwise.Sgd;
import io.sparsa.cpu.gemm.Gemm;
import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.sparse.EllMatmul;
import io.sparsa.cpu.sparse.EllTranspose;
import io.sparsa.cpu.sparse.SparseChecks;
import io.sparsa.cpu.sparse.SparseSparseMatmul;
import io.sparsa.cpu.vector.CpuKernels;
import io.sparsa.cpu.vector.CpuKernelsProvider;
import io.sparsa.cpu.winners.DutyCycles;
import io.sparsa.cpu.winners.KWinners;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.HeapTensor;
import io.sparsa.tensor.Tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU backend: heap tensors, kernels on the JDK Vector API (or scalar code when it is absent,
 * see {@link CpuKernelsProvider}), and a pool of {@link BackendConfig#threads()} threads. Each
 * operation validates its arguments with {@link Checks}, then hands the arrays to the kernel
 * class of its family; operations finish before they return.
 */
public final class CpuBackend implements Backend {
    /** The provider's name. */
    public static final String NAME = "cpu";

    private final CpuKernels kernels;
    private final CpuThreadPool pool;
    private final AtomicLong live = new AtomicLong();
    private final Gemm gemm;
    private final EllMatmul ell;
    private final SparseSparseMatmul sparseSparse;
    private final Conv2d conv;
    private final SparseInputConv2d sparseInputConv;
    private final MaxPool2d maxPool;
    private final KWinners winners;
    private final DutyCycles dutyCycles;
    private final Elementwise elementwise;
    private final LogSoftmaxNll loss;
    private final BatchNorm batchNorm;
    private final Dropout dropout;
    private final Sgd sgd;

    /** A backend with the kernels chosen for this JVM ({@link CpuKernelsProvider#get()}). */
    public CpuBackend(BackendConfig config) {
        this(config, CpuKernelsProvider.get().kernels());
    }

    /** A backend with the given kernels (tests use this to run the scalar and vector sets side by side). */
    public CpuBackend(BackendConfig config, CpuKernels kernels) {
        this.kernels = kernels;
        this.pool = new CpuThreadPool(config.threads());
        this.gemm = new Gemm(kernels);
        this.ell = new EllMatmul(kernels, pool);
        this.sparseSparse = new SparseSparseMatmul(pool);
        this.conv = new Conv2d(kernels, pool, gemm);
        this.sparseInputConv = new SparseInputConv2d(kernels, pool);
        this.maxPool = new MaxPool2d(pool);
        this.winners = new KWinners(kernels, pool);
        this.dutyCycles = new DutyCycles(pool);
        this.elementwise = new Elementwise(pool);
        this.loss = new LogSoftmaxNll(pool);
        this.batchNorm = new BatchNorm(pool);
        this.dropout = new Dropout(pool);
        this.sgd = new Sgd(pool);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceDescription() {
        return "host CPU, " + pool.threads() + " thread" + (pool.threads() == 1 ? "" : "s") + ", "
                + kernels.description();
    }

    /** The kernel implementation in use. */
    public CpuKernels kernels() {
        return kernels;
    }

    /** Threads that share each operation. */
    public int threads() {
        return pool.threads();
    }

    @Override
    public void synchronize() {
        // Every operation has finished when it returns.
    }

    /** Stops the worker threads; using the backend afterwards fails with {@link IllegalStateException}. */
    @Override
    public void close() {
        pool.close();
    }

    private void open() {
        if (pool.isClosed()) {
            throw new IllegalStateException("the cpu backend has been closed");
        }
    }

    // ---- memory ------------------------------------------------------------------------------

    @Override
    public Tensor zeros(DType dtype, int... shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("argument 'dtype' must not be null");
        }
        open();
        HeapTensor t = HeapTensor.allocate(this, dtype, shape, live::decrementAndGet);
        live.incrementAndGet();
        return t;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.copy(this, src, dst);
        open();
        if (src.dtype() == DType.FLOAT32) {
            elementwise.copy(floats(src), floats(dst), src.size());
        } else {
            System.arraycopy(ints(src), 0, ints(dst), 0, src.size());
        }
    }

    @Override
    public void fill(Tensor t, float value) {
        Checks.fill(this, t, value);
        open();
        elementwise.fill(floats(t), t.size(), value);
    }

    @Override
    public long liveAllocations() {
        return live.get();
    }

    // ---- dense -----------------------------------------------------------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Checks.gemm(this, transA, transB, a, b, c);
        open();
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        gemm.multiply(pool, transA, transB, m, n, k, alpha, floats(a), 0, a.dim(1), floats(b), 0, b.dim(1), beta,
                floats(c), 0, n);
    }

    // ---- sparse ------------------------------------------------------------------------------

    @Override
    public void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        Checks.ellMatmul(this, x, w, bias, y);
        open();
        checkColumns(w);
        ell.forward(floats(x), x.dim(0), w.cols(), ints(w.columns()), floats(w.values()), w.rows(), w.nnz(),
                bias == null ? null : floats(bias), floats(y));
    }

    @Override
    public void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx) {
        Checks.ellMatmulBackwardData(this, dy, w, dx);
        open();
        checkColumns(w);
        ell.backwardData(floats(dy), dy.dim(0), w.cols(), ints(w.columns()), floats(w.values()), w.rows(), w.nnz(),
                floats(dx));
    }

    @Override
    public void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        Checks.ellMatmulBackwardWeights(this, x, dy, w, dValues);
        open();
        checkColumns(w);
        ell.backwardWeights(floats(x), floats(dy), x.dim(0), w.cols(), ints(w.columns()), w.rows(), w.nnz(),
                floats(dValues));
    }

    @Override
    public void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y) {
        Checks.sparseSparseMatmul(this, xIndices, xValues, wT, bias, y);
        open();
        // The kernel checks wT in full the first time it meets it, and xIndices on every call.
        sparseSparse.multiply(ints(xIndices), floats(xValues), xIndices.dim(0), xIndices.dim(1), ints(wT.rowOffsets()),
                ints(wT.columns()), floats(wT.values()), wT.rows(), wT.cols(), bias == null ? null : floats(bias),
                floats(y));
    }

    // ---- convolution and pooling ---------------------------------------------------------------

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2d(this, x, w, bias, g, y);
        open();
        conv.forward(floats(x), floats(w), bias == null ? null : floats(bias), shape(x, w.dim(0), g), floats(y));
    }

    @Override
    public void conv2dSparseInput(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2dSparseInput(this, x, w, bias, g, y);
        open();
        sparseInputConv.forward(floats(x), floats(w), bias == null ? null : floats(bias), shape(x, w.dim(0), g),
                floats(y));
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        Checks.conv2dBackwardData(this, dy, w, g, dx);
        open();
        conv.backwardData(floats(dy), floats(w), shape(dx, w.dim(0), g), floats(dx));
    }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias) {
        Checks.conv2dBackwardWeights(this, x, dy, g, dw, dBias);
        open();
        conv.backwardWeights(floats(x), floats(dy), shape(x, dw.dim(0), g), floats(dw),
                dBias == null ? null : floats(dBias));
    }

    @Override
    public void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.sparseConv2d(this, x, w, bias, g, y);
        open();
        checkColumns(w);
        conv.sparseForward(floats(x), ints(w.columns()), floats(w.values()), w.nnz(),
                bias == null ? null : floats(bias), shape(x, w.rows(), g), floats(y));
    }

    @Override
    public void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        Checks.sparseConv2dBackwardData(this, dy, w, g, dx);
        open();
        checkColumns(w);
        EllTranspose wT = EllTranspose.of(ints(w.columns()), w.rows(), w.nnz(), w.cols());
        float[] tValues = wT.gather(pool, floats(w.values()), new float[w.rows() * w.nnz()]);
        conv.sparseBackwardData(floats(dy), wT.offsets(), wT.rows(), tValues, shape(dx, w.rows(), g), floats(dx));
    }

    @Override
    public void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                            Tensor dBias) {
        Checks.sparseConv2dBackwardWeights(this, x, dy, w, g, dValues, dBias);
        open();
        checkColumns(w);
        conv.sparseBackwardWeights(floats(x), floats(dy), ints(w.columns()), w.nnz(), shape(x, w.rows(), g),
                floats(dValues), dBias == null ? null : floats(dBias));
    }

    @Override
    public void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        Checks.maxPool2d(this, x, kernel, stride, y, argmax);
        open();
        maxPool.forward(floats(x), x.dim(0) * x.dim(1), x.dim(2), x.dim(3), kernel, stride, floats(y), ints(argmax));
    }

    @Override
    public void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx) {
        Checks.maxPool2dBackward(this, dy, argmax, dx);
        open();
        maxPool.backward(floats(dy), ints(argmax), dy.dim(0) * dy.dim(1), dy.dim(2) * dy.dim(3),
                dx.dim(2) * dx.dim(3), dx.dim(2), dx.dim(3), floats(dx));
    }

    // ---- k-winners -----------------------------------------------------------------------------

    @Override
    public void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinners(this, x, boost, k, out, indices);
        open();
        winners.forward(floats(x), x.dim(0), x.dim(1), boost == null ? null : floats(boost), kk, floats(out),
                ints(indices));
    }

    @Override
    public void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinnersLocal(this, x, boost, k, out, indices);
        open();
        winners.forwardLocal(floats(x), x.dim(0), x.dim(1), x.dim(2) * x.dim(3), boost == null ? null : floats(boost),
                kk, floats(out), ints(indices));
    }

    @Override
    public void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersBackward(this, dy, indices, dx);
        open();
        winners.backward(floats(dy), ints(indices), dy.dim(0), dy.dim(1), indices.dim(1), floats(dx));
    }

    @Override
    public void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersLocalBackward(this, dy, indices, dx);
        open();
        winners.backwardLocal(floats(dy), ints(indices), dy.dim(0), dy.dim(1), dy.dim(2) * dy.dim(3), indices.dim(1),
                floats(dx));
    }

    @Override
    public void dutyCycleUpdate(Tensor out, Tensor duty, int period) {
        Checks.dutyCycleUpdate(this, out, duty, period);
        open();
        dutyCycles.update(floats(out), out.dim(0), out.dim(1), floats(duty), period);
    }

    @Override
    public void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        Checks.boostFactors(this, duty, targetDensity, boostStrength, boost);
        open();
        DutyCycles.boostFactors(floats(duty), targetDensity, boostStrength, floats(boost));
    }

    // ---- element-wise ----------------------------------------------------------------------------

    @Override
    public void addBias(Tensor x, Tensor bias) {
        Checks.addBias(this, x, bias);
        open();
        int batch = x.dim(0);
        int channels = x.dim(1);
        int plane = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        elementwise.addBias(floats(x), batch, channels, plane, floats(bias));
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        Checks.unary(this, x, y);
        open();
        elementwise.relu(floats(x), floats(y), x.size());
    }

    @Override
    public void reluBackward(Tensor dy, Tensor x, Tensor dx) {
        Checks.reluBackward(this, dy, x, dx);
        open();
        elementwise.reluBackward(floats(dy), floats(x), floats(dx), dy.size());
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        Checks.mul(this, a, b, out);
        open();
        elementwise.mul(floats(a), floats(b), floats(out), a.size());
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.axpy(this, alpha, x, y);
        open();
        elementwise.axpy(alpha, floats(x), floats(y), x.size());
    }

    @Override
    public void scale(float alpha, Tensor x) {
        Checks.scale(this, alpha, x);
        open();
        elementwise.scale(alpha, floats(x), x.size());
    }

    @Override
    public void clamp(Tensor x, float lo, float hi) {
        Checks.clamp(this, x, lo, hi);
        open();
        elementwise.clamp(floats(x), x.size(), lo, hi);
    }

    @Override
    public void greaterEqual(Tensor x, float threshold, Tensor out) {
        Checks.unary(this, x, out);
        open();
        elementwise.greaterEqual(floats(x), threshold, floats(out), x.size());
    }

    @Override
    public void sumRows(Tensor x, Tensor out) {
        Checks.sumRows(this, x, out);
        open();
        elementwise.sumRows(floats(x), x.dim(0), x.dim(1), floats(out));
    }

    @Override
    public void gatherRows(Tensor x, Tensor indices, Tensor out) {
        Checks.gatherRows(this, x, indices, out);
        open();
        elementwise.gatherRows(floats(x), x.dim(0), x.dim(1), ints(indices), indices.dim(1), floats(out));
    }

    @Override
    public void argmaxRows(Tensor x, Tensor out) {
        Checks.argmaxRows(this, x, out);
        open();
        elementwise.argmaxRows(floats(x), x.dim(0), x.dim(1), ints(out));
    }

    // ---- loss ------------------------------------------------------------------------------------

    @Override
    public void logSoftmax(Tensor x, Tensor out) {
        Checks.logSoftmax(this, x, out);
        open();
        loss.logSoftmax(floats(x), x.dim(0), x.dim(1), floats(out));
    }

    @Override
    public float nllLoss(Tensor logProbs, Tensor labels) {
        Checks.nllLoss(this, logProbs, labels);
        open();
        return LogSoftmaxNll.nllLoss(floats(logProbs), logProbs.dim(0), logProbs.dim(1), ints(labels));
    }

    @Override
    public void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits) {
        Checks.logSoftmaxNllBackward(this, logProbs, labels, dLogits);
        open();
        loss.backward(floats(logProbs), logProbs.dim(0), logProbs.dim(1), ints(labels), floats(dLogits));
    }

    // ---- normalisation and dropout ------------------------------------------------------------

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                          float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int channels = Checks.batchNorm(this, x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean,
                saveInvStd);
        open();
        int batch = x.dim(0);
        int plane = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        if (training && (long) batch * plane < 2) {
            throw new IllegalArgumentException("argument 'x': batch normalisation in training needs more than one value"
                    + " per channel (B*H*W >= 2), got shape " + io.sparsa.tensor.Shapes.format(x.shape()));
        }
        batchNorm.forward(floats(x), batch, channels, plane, gamma == null ? null : floats(gamma),
                beta == null ? null : floats(beta), floats(runningMean), floats(runningVar), training, momentum, eps,
                floats(y), floats(saveMean), floats(saveInvStd));
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        Checks.batchNormBackward(this, dy, x, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
        open();
        int plane = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        batchNorm.backward(floats(dy), floats(x), x.dim(0), x.dim(1), plane, gamma == null ? null : floats(gamma),
                floats(saveMean), floats(saveInvStd), floats(dx), dGamma == null ? null : floats(dGamma),
                dBeta == null ? null : floats(dBeta));
    }

    @Override
    public void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask) {
        Checks.dropout(this, x, p, y, mask);
        open();
        dropout.forward(floats(x), x.size(), p, seed, offset, floats(y), floats(mask));
    }

    // ---- optimiser ------------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        Tensor keepMask) {
        Checks.sgdStep(this, param, grad, velocity, lr, momentum, weightDecay, keepMask);
        open();
        sgd.step(floats(param), floats(grad), velocity == null ? null : floats(velocity), param.size(), lr, momentum,
                weightDecay, keepMask == null ? null : floats(keepMask));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The backing array; safe because {@link Checks} verified that the tensor belongs to this backend. */
    private static float[] floats(Tensor t) {
        return ((HeapTensor) t).floats();
    }

    private static int[] ints(Tensor t) {
        return ((HeapTensor) t).ints();
    }

    private static void checkColumns(EllMatrix w) {
        SparseChecks.ellColumns("w", ints(w.columns()), w.rows(), w.nnz(), w.cols());
    }

    private static ConvShape shape(Tensor image, int outChannels, Conv2dGeometry g) {
        return new ConvShape(image.dim(0), image.dim(1), image.dim(2), image.dim(3), outChannels, g);
    }
}
