package io.sparsa.opencl;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.concurrent.atomic.AtomicLong;

import static org.lwjgl.opencl.CL10.clEnqueueCopyBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueReadBuffer;

/**
 * The OpenCL backend: tensors in device buffers, every primitive a kernel from the shared kernel
 * sources (module {@code kernels}), all work on one in-order queue. Operations are asynchronous;
 * reading a tensor, {@link #nllLoss} and {@link #synchronize()} wait for them.
 *
 * <p>The operation families live in small classes ({@link ClDenseOps}, {@link ClSparseOps}, ...);
 * each checks its arguments with {@link Checks} before it enqueues anything. Operations that run
 * several kernels through shared scratch buffers hold the context's lock for the whole sequence,
 * so calls from several threads cannot interleave inside one.
 */
public final class ClBackend implements Backend {
    /** The provider's name. */
    public static final String NAME = "opencl";

    private final ClContext context;
    private final AtomicLong live = new AtomicLong();
    private final ClDenseOps dense;
    private final ClSparseOps sparse;
    private final ClConvOps conv;
    private final ClWinnerOps winners;
    private final ClElementwiseOps elementwise;
    private final ClLossOps loss;
    private final ClNormOps norm;
    private final ClOptimizerOps optimizer;
    private volatile boolean closed;

    ClBackend(ClDevice device, KernelTuning tuning) {
        this.context = new ClContext(device, tuning);
        this.dense = new ClDenseOps(this);
        this.sparse = new ClSparseOps(this);
        this.conv = new ClConvOps(this);
        this.winners = new ClWinnerOps(this);
        this.elementwise = new ClElementwiseOps(this);
        this.loss = new ClLossOps(this);
        this.norm = new ClNormOps(this);
        this.optimizer = new ClOptimizerOps(this);
    }

    // ---- for the op classes ------------------------------------------------------------------

    /** A launch of kernel {@code name}; add its arguments in order, then run it. */
    ClLaunch launch(String name) {
        if (closed) {
            throw new IllegalStateException("the OpenCL backend has been closed");
        }
        return new ClLaunch(context, this, name);
    }

    ClContext context() {
        return context;
    }

    KernelTuning tuning() {
        return context.tuning();
    }

    /** The command queue, for tensor reads and writes; fails once this backend is closed. */
    long openQueue() {
        if (closed) {
            throw new IllegalStateException("the OpenCL backend that owns this tensor has been closed");
        }
        return context.queue();
    }

    /** The buffer behind {@code t} (already checked to belong to this backend). */
    long memOf(Tensor t) {
        return ((ClTensor) t.root()).mem();
    }

    /** Reads {@code dst.length} floats from the start of a buffer, waiting for queued work. */
    void read(long mem, float[] dst) {
        ClException.check(clEnqueueReadBuffer(openQueue(), mem, true, 0, dst, null, null), "clEnqueueReadBuffer");
    }

    void released(long mem) {
        live.decrementAndGet();
        ClContext.free(mem);
    }

    // ---- Backend -----------------------------------------------------------------------------

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceDescription() {
        return "OpenCL " + context.device().describe() + ", kernel tuning " + context.tuning().buildOptions();
    }

    @Override
    public void synchronize() {
        openQueue();
        context.finish();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.close();
        }
    }

    // ---- memory --------------------------------------------------------------------------------

    @Override
    public Tensor zeros(DType dtype, int... shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("argument 'dtype' must not be null");
        }
        int size = Shapes.elementCount("shape", shape);
        ClTensor t = ClTensor.allocate(this, context, dtype, shape, size);
        live.incrementAndGet();
        launch("fill_i32").buffer(t.mem()).arg(size).arg(0).items(size);
        return t;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.copy(this, src, dst);
        long from = memOf(src);
        long to = memOf(dst);
        if (from != to && src.size() > 0) {
            ClException.check(clEnqueueCopyBuffer(openQueue(), from, to, 0, 0, (long) src.size() * src.dtype().bytes(),
                    null, null), "clEnqueueCopyBuffer");
        }
    }

    @Override
    public void fill(Tensor t, float value) {
        Checks.fill(this, t, value);
        launch("fill_f32").buffer(t).arg(t.size()).arg(value).items(t.size());
    }

    @Override
    public long liveAllocations() {
        return live.get();
    }

    // ---- dense, sparse, conv -------------------------------------------------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        dense.gemm(transA, transB, alpha, a, b, beta, c);
    }

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

    // ---- winners -------------------------------------------------------------------------------

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

    // ---- element-wise --------------------------------------------------------------------------

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

    // ---- loss, normalisation, optimiser ----------------------------------------------------------

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

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        Tensor keepMask) {
        optimizer.sgdStep(param, grad, velocity, lr, momentum, weightDecay, keepMask);
    }
}
