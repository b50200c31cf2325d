package io.sparsa.cuda;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The CUDA backend: tensors in device memory from a caching pool, the shared kernels from the
 * PTX of the {@code kernels} module launched on one stream, dense GEMM through cuBLAS when it
 * loads (else the tiled kernel). Operations return as soon as their work is queued; reading a
 * tensor back waits for it.
 *
 * <p>The operations are written against {@link CuDevice} (memory, transfers, launches); the
 * provider gives them a {@link CuDriverDevice}. One backend instance is meant to be driven by one
 * thread at a time, like its tensors; the context is made current on whichever thread calls.
 */
public final class CuBackend implements Backend {
    /** The provider's name. */
    public static final String NAME = "cuda";

    private static final System.Logger LOG = System.getLogger(CuBackend.class.getName());

    private final CuDevice device;
    private final CuMemoryPool<Object> pool;
    private final CuKernelSizes sizes;
    private final AtomicLong live = new AtomicLong();
    private volatile boolean closed;
    // One object per operation family, as the OpenCL backend has them.
    private final CuDenseOps dense;
    private final CuSparseOps sparse;
    private final CuConvOps conv;
    private final CuWinnerOps winners;
    private final CuElementwiseOps elementwise;
    private final CuLossOps loss;
    private final CuNormOps norm;
    private final CuOptimizerOps optimizer;

    /**
     * A backend over {@code device}, whose kernels were compiled with {@code sizes}. The backend
     * owns the device and closes it.
     */
    CuBackend(CuDevice device, CuKernelSizes sizes) {
        this.device = device;
        this.sizes = sizes;
        this.pool = new CuMemoryPool<>(new CuMemoryPool.Device<>() {
            @Override
            public Object allocate(long bytes) {
                return device.allocate(bytes);
            }

            @Override
            public void free(Object block) {
                device.free(block);
            }
        });
        this.dense = new CuDenseOps(this, sizes);
        this.sparse = new CuSparseOps(this, sizes);
        this.conv = new CuConvOps(this, sizes);
        this.winners = new CuWinnerOps(this, sizes);
        this.elementwise = new CuElementwiseOps(this, sizes);
        this.loss = new CuLossOps(this, sizes);
        this.norm = new CuNormOps(this, sizes);
        this.optimizer = new CuOptimizerOps(this, sizes);
    }

    // ---- for the op classes ------------------------------------------------------------------

    CuDevice device() {
        return device;
    }

    CuKernelSizes sizes() {
        return sizes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceDescription() {
        return device.describe();
    }

    /** Whether dense GEMM goes through cuBLAS (else through the project's tiled kernel). */
    public boolean usesCublas() {
        return device instanceof CuDriverDevice d && d.usesCublas();
    }

    @Override
    public void synchronize() {
        requireOpen();
        device.synchronize();
    }

    /** The caching allocator's counters (blocks in use and cached, driver allocations made). */
    CuMemoryPool.Stats memoryStats() {
        return pool.stats();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            device.synchronize();
        } finally {
            try {
                int leaked = pool.close();
                if (leaked > 0) {
                    LOG.log(System.Logger.Level.DEBUG, "closing the CUDA backend freed {0} tensors that were never closed",
                            leaked);
                }
            } finally {
                device.close();
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend has been closed");
        }
    }

    // ---- memory -----------------------------------------------------------------------------

    @Override
    public Tensor zeros(DType dtype, int... shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("argument 'dtype' must not be null");
        }
        CuTensor t = allocate(dtype, shape, true);
        if (t.size() > 0) {
            device.fill32(t.buffer(), 0, t.size());
        }
        return t;
    }

    /** A tensor with undefined contents; {@code counted} ones show in {@link #liveAllocations()}. */
    private CuTensor allocate(DType dtype, int[] shape, boolean counted) {
        int n = Shapes.elementCount("shape", shape);
        requireOpen();
        CuMemoryPool.Block<Object> block = n == 0 ? null : pool.acquire((long) n * dtype.bytes());
        if (counted) {
            live.incrementAndGet();
        }
        return CuTensor.owning(this, dtype, shape, block, counted);
    }

    /** Scratch space for a multi-kernel operation; close it after queueing the last kernel that uses it. */
    CuTensor scratch(DType dtype, int... shape) {
        return allocate(dtype, shape, false);
    }

    void releaseTensor(CuMemoryPool.Block<Object> block, boolean counted) {
        if (block != null) {
            // Stream order makes immediate reuse safe: later work on the block waits for earlier work.
            pool.release(block);
        }
        if (counted) {
            live.decrementAndGet();
        }
    }

    synchronized void upload(float[] src, CuTensor dst) {
        requireOpen();
        device.upload(src, dst.buffer());
    }

    synchronized void upload(int[] src, CuTensor dst) {
        requireOpen();
        device.upload(src, dst.buffer());
    }

    synchronized void download(CuTensor src, float[] dst) {
        requireOpen();
        device.download(src.buffer(), dst);
    }

    synchronized void download(CuTensor src, int[] dst) {
        requireOpen();
        device.download(src.buffer(), dst);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.copy(this, src, dst);
        Object from = buffer(src);
        Object to = buffer(dst);
        if (src.size() > 0 && from != to) {
            requireOpen();
            device.copy(from, to, 4L * src.size());
        }
    }

    @Override
    public void fill(Tensor t, float value) {
        Checks.fill(this, t, value);
        if (t.size() > 0) {
            requireOpen();
            device.fill32(buffer(t), Float.floatToRawIntBits(value), t.size());
        }
    }

    @Override
    public long liveAllocations() {
        return live.get();
    }

    /** The device buffer of a tensor already checked to belong to this backend. */
    static Object buffer(Tensor t) {
        return ((CuTensor) t).buffer();
    }

    /** Queues setting every element of {@code t} to zero. */
    void zero(Tensor t) {
        if (t.size() > 0) {
            requireOpen();
            device.fill32(buffer(t), 0, t.size());
        }
    }

    /** Starts a launch of {@code kernel}. */
    CuLaunch launch(CuKernel kernel) {
        requireOpen();
        return new CuLaunch(device, kernel);
    }

    // ---- dense ------------------------------------------------------------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        dense.gemm(transA, transB, alpha, a, b, beta, c);
    }

    // ---- sparse -----------------------------------------------------------------------------

    @Override
    public void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        sparse.ellMatmul(x, w, bias, y);
    }

    @Override
    public void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx) {
        sparse.ellMatmulBackwardData(dy, w, dx);
    }

    @Override
    public void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        sparse.ellMatmulBackwardWeights(x, dy, w, dValues);
    }

    @Override
    public void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y) {
        sparse.sparseSparseMatmul(xIndices, xValues, wT, bias, y);
    }

    // ---- conv -------------------------------------------------------------------------------

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        conv.conv2d(x, w, bias, g, y);
    }

    @Override
    public void conv2dSparseInput(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        conv.conv2dSparseInput(x, w, bias, g, y);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        conv.conv2dBackwardData(dy, w, g, dx);
    }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias) {
        conv.conv2dBackwardWeights(x, dy, g, dw, dBias);
    }

    @Override
    public void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        conv.sparseConv2d(x, w, bias, g, y);
    }

    @Override
    public void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        conv.sparseConv2dBackwardData(dy, w, g, dx);
    }

    @Override
    public void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                            Tensor dBias) {
        conv.sparseConv2dBackwardWeights(x, dy, w, g, dValues, dBias);
    }

    @Override
    public void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        conv.maxPool2d(x, kernel, stride, y, argmax);
    }

    @Override
    public void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx) {
        conv.maxPool2dBackward(dy, argmax, dx);
    }

    // ---- winners ----------------------------------------------------------------------------

    @Override
    public void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        winners.kWinners(x, boost, k, out, indices);
    }

    @Override
    public void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        winners.kWinnersLocal(x, boost, k, out, indices);
    }

    @Override
    public void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx) {
        winners.kWinnersBackward(dy, indices, dx);
    }

    @Override
    public void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx) {
        winners.kWinnersLocalBackward(dy, indices, dx);
    }

    @Override
    public void dutyCycleUpdate(Tensor out, Tensor duty, int period) {
        winners.dutyCycleUpdate(out, duty, period);
    }

    @Override
    public void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        winners.boostFactors(duty, targetDensity, boostStrength, boost);
    }

    // ---- elementwise ------------------------------------------------------------------------

    @Override
    public void addBias(Tensor x, Tensor bias) {
        elementwise.addBias(x, bias);
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        elementwise.relu(x, y);
    }

    @Override
    public void reluBackward(Tensor dy, Tensor x, Tensor dx) {
        elementwise.reluBackward(dy, x, dx);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        elementwise.mul(a, b, out);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        elementwise.axpy(alpha, x, y);
    }

    @Override
    public void scale(float alpha, Tensor x) {
        elementwise.scale(alpha, x);
    }

    @Override
    public void clamp(Tensor x, float lo, float hi) {
        elementwise.clamp(x, lo, hi);
    }

    @Override
    public void greaterEqual(Tensor x, float threshold, Tensor out) {
        elementwise.greaterEqual(x, threshold, out);
    }

    @Override
    public void sumRows(Tensor x, Tensor out) {
        elementwise.sumRows(x, out);
    }

    @Override
    public void gatherRows(Tensor x, Tensor indices, Tensor out) {
        elementwise.gatherRows(x, indices, out);
    }

    @Override
    public void argmaxRows(Tensor x, Tensor out) {
        elementwise.argmaxRows(x, out);
    }

    // ---- loss -------------------------------------------------------------------------------

    @Override
    public void logSoftmax(Tensor x, Tensor out) {
        loss.logSoftmax(x, out);
    }

    @Override
    public float nllLoss(Tensor logProbs, Tensor labels) {
        return loss.nllLoss(logProbs, labels);
    }

    @Override
    public void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits) {
        loss.logSoftmaxNllBackward(logProbs, labels, dLogits);
    }

    // ---- norm -------------------------------------------------------------------------------

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                          float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        norm.batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, y, saveMean, saveInvStd);
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        norm.batchNormBackward(dy, x, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
    }

    @Override
    public void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask) {
        norm.dropout(x, p, seed, offset, y, mask);
    }

    // ---- optimizer --------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        Tensor keepMask) {
        optimizer.sgdStep(param, grad, velocity, lr, momentum, weightDecay, keepMask);
    }
}
