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
    /** Work-groups a split-K weight gradient aims for, so that small outputs still fill the GPU. */
    private static final long SPLIT_TARGET_GROUPS = 256;
    /** The least depth worth a split of its own. */
    private static final int SPLIT_MIN_CHUNK = 256;

    private final CuDevice device;
    private final CuMemoryPool<Object> pool;
    private final CuKernelSizes sizes;
    private final AtomicLong live = new AtomicLong();
    private volatile boolean closed;

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

    // ---- memory --------------------------------------------------------------------------

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
    private CuTensor scratch(DType dtype, int... shape) {
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

    private static Object buffer(Tensor t) {
        return ((CuTensor) t).buffer();
    }

    private void zero(Tensor t) {
        if (t.size() > 0) {
            requireOpen();
            device.fill32(buffer(t), 0, t.size());
        }
    }

    /** Starts a launch of {@code kernel}. */
    private CuLaunch launch(CuKernel kernel) {
        requireOpen();
        return new CuLaunch(device, kernel);
    }

    // ---- dense -----------------------------------------------------------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Checks.gemm(this, transA, transB, a, b, c);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (k > 0 && device.vendorGemm(transA, transB, m, n, k, alpha, buffer(a), buffer(b), beta, buffer(c))) {
            return;
        }
        // The tiled kernel also covers k == 0 (C = beta * C), which cuBLAS's argument checks reject.
        launch(CuKernel.GEMM).tensor(a).tensor(b).tensor(c).i32(m).i32(n).i32(k).flag(transA).flag(transB)
                .f32(alpha).f32(beta)
                .run(sizes.tileThreads() * sizes.tiles(m) * sizes.tiles(n), sizes.tileThreads());
    }

    // ---- sparse ----------------------------------------------------------------------------

    @Override
    public void ellMatmul(Tensor x, EllMatrix w, Tensor bias, Tensor y) {
        Checks.ellMatmul(this, x, w, bias, y);
        int batch = x.dim(0);
        launch(CuKernel.ELL_MATMUL).tensor(x).tensor(w.columns()).tensor(w.values()).optional(bias).flag(bias != null)
                .tensor(y).i32(batch).i32(w.cols()).i32(w.rows()).i32(w.nnz())
                .run((long) batch * w.rows(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    /**
     * The transpose of an ELL matrix's mask in CSR form: for each column, the rows keeping it in
     * ascending order and the flat ELL position of each entry. Built on the device for every
     * backward pass, so a mask changed in place can never be served stale.
     */
    private final class EllTranspose implements AutoCloseable {
        final CuTensor offsets;
        final CuTensor rows;
        final CuTensor positions;

        EllTranspose(EllMatrix w) {
            int entries = w.rows() * w.nnz();
            offsets = scratch(DType.INT32, w.cols() + 1);
            rows = scratch(DType.INT32, entries);
            positions = scratch(DType.INT32, entries);
            try (CuTensor counts = scratch(DType.INT32, w.cols())) {
                launch(CuKernel.ELL_TRANSPOSE_COUNT).tensor(w.columns()).i32(w.rows()).i32(w.nnz()).i32(w.cols())
                        .tensor(counts).run(w.cols(), CuKernelSizes.ELEMENTWISE_GROUP);
                launch(CuKernel.ELL_TRANSPOSE_OFFSETS).tensor(counts).i32(w.cols()).tensor(offsets)
                        .run(sizes.wg(), sizes.wg());
                launch(CuKernel.ELL_TRANSPOSE_FILL).tensor(w.columns()).i32(w.rows()).i32(w.nnz()).i32(w.cols())
                        .tensor(offsets).tensor(rows).tensor(positions)
                        .run(w.cols(), CuKernelSizes.ELEMENTWISE_GROUP);
            }
        }

        @Override
        public void close() {
            offsets.close();
            rows.close();
            positions.close();
        }
    }

    @Override
    public void ellMatmulBackwardData(Tensor dy, EllMatrix w, Tensor dx) {
        Checks.ellMatmulBackwardData(this, dy, w, dx);
        int batch = dy.dim(0);
        try (EllTranspose t = new EllTranspose(w)) {
            launch(CuKernel.ELL_MATMUL_BACKWARD_DATA).tensor(dy).tensor(w.values()).tensor(t.offsets).tensor(t.rows)
                    .tensor(t.positions).tensor(dx).i32(batch).i32(w.rows()).i32(w.cols())
                    .run((long) batch * w.cols(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    @Override
    public void ellMatmulBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Tensor dValues) {
        Checks.ellMatmulBackwardWeights(this, x, dy, w, dValues);
        launch(CuKernel.ELL_MATMUL_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(w.columns()).tensor(dValues)
                .i32(x.dim(0)).i32(w.cols()).i32(w.rows()).i32(w.nnz())
                .run((long) w.rows() * w.nnz(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void sparseSparseMatmul(Tensor xIndices, Tensor xValues, CsrMatrix wT, Tensor bias, Tensor y) {
        Checks.sparseSparseMatmul(this, xIndices, xValues, wT, bias, y);
        int batch = xIndices.dim(0);
        launch(CuKernel.SPARSE_SPARSE_MATMUL).tensor(xIndices).tensor(xValues).i32(xIndices.dim(1))
                .tensor(wT.rowOffsets()).tensor(wT.columns()).tensor(wT.values()).i32(wT.rows())
                .optional(bias).flag(bias != null).tensor(y).i32(wT.cols())
                .run((long) sizes.wg() * batch, sizes.wg());
    }

    // ---- convolution -----------------------------------------------------------------------

    /** Appends the kernels' GEOMETRY arguments: batch, cin, inH, inW, cout, kh, kw, sh, sw, ph, pw, outH, outW. */
    private static CuLaunch geometry(CuLaunch l, Tensor input, int cout, Conv2dGeometry g) {
        int inH = input.dim(2);
        int inW = input.dim(3);
        return l.i32(input.dim(0)).i32(input.dim(1)).i32(inH).i32(inW).i32(cout).i32(g.kernelH()).i32(g.kernelW())
                .i32(g.strideH()).i32(g.strideW()).i32(g.padH()).i32(g.padW()).i32(g.outH(inH)).i32(g.outW(inW));
    }

    private long tiledGlobal(long m, long n) {
        return sizes.tileThreads() * ((m + sizes.tileMn() - 1) / sizes.tileMn()) * ((n + sizes.tileMn() - 1) / sizes.tileMn());
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.conv2d(this, x, w, bias, g, y);
        int cout = w.dim(0);
        long positions = (long) y.dim(0) * y.dim(2) * y.dim(3);
        geometry(launch(CuKernel.CONV2D_FORWARD).tensor(x).tensor(w).optional(bias).flag(bias != null).tensor(y),
                x, cout, g).run(tiledGlobal(cout, positions), sizes.tileThreads());
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g, Tensor dx) {
        Checks.conv2dBackwardData(this, dy, w, g, dx);
        long positions = (long) dx.dim(0) * dx.dim(2) * dx.dim(3);
        geometry(launch(CuKernel.CONV2D_BACKWARD_DATA).tensor(dy).tensor(w).tensor(dx), dx, w.dim(0), g)
                .run(tiledGlobal(dx.dim(1), positions), sizes.tileThreads());
    }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2dGeometry g, Tensor dw, Tensor dBias) {
        Checks.conv2dBackwardWeights(this, x, dy, g, dw, dBias);
        int cout = dw.dim(0);
        int m = cout;
        int n = dw.dim(1) * dw.dim(2) * dw.dim(3);
        int k = dy.dim(0) * dy.dim(2) * dy.dim(3);
        long tiles = sizes.tiles(m) * sizes.tiles(n);
        // Split K when the output alone gives too few work-groups to fill the GPU; the partial
        // products are added in split order by sum_splits, so the result does not depend on timing.
        int splits = 1;
        if (tiles > 0 && tiles < SPLIT_TARGET_GROUPS && k >= 2 * SPLIT_MIN_CHUNK) {
            splits = (int) Math.min((SPLIT_TARGET_GROUPS + tiles - 1) / tiles, k / SPLIT_MIN_CHUNK);
        }
        int kChunk = (int) (((k + (long) splits - 1) / splits + sizes.tileK() - 1) / sizes.tileK() * sizes.tileK());
        if (splits > 1) {
            splits = (k + kChunk - 1) / kChunk;
        } else {
            kChunk = k;
        }
        if (m > 0 && n > 0) {
            if (splits == 1) {
                geometry(launch(CuKernel.CONV2D_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(dw).i32(1)
                        .i32(kChunk), x, cout, g).run(sizes.tileThreads() * tiles, sizes.tileThreads());
            } else {
                try (CuTensor partial = scratch(DType.FLOAT32, splits, m * n)) {
                    geometry(launch(CuKernel.CONV2D_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(partial)
                            .i32(splits).i32(kChunk), x, cout, g)
                            .run(sizes.tileThreads() * tiles * splits, sizes.tileThreads());
                    launch(CuKernel.SUM_SPLITS).tensor(partial).i32(splits).i32(m * n).tensor(dw)
                            .run((long) m * n, CuKernelSizes.ELEMENTWISE_GROUP);
                }
            }
        }
        if (dBias != null) {
            convBiasGrad(dy, dBias);
        }
    }

    private void convBiasGrad(Tensor dy, Tensor dBias) {
        int cout = dy.dim(1);
        launch(CuKernel.CONV_BIAS_GRAD).tensor(dy).i32(dy.dim(0)).i32(cout).i32(dy.dim(2) * dy.dim(3)).tensor(dBias)
                .run((long) sizes.wg() * cout, sizes.wg());
    }

    @Override
    public void sparseConv2d(Tensor x, EllMatrix w, Tensor bias, Conv2dGeometry g, Tensor y) {
        Checks.sparseConv2d(this, x, w, bias, g, y);
        int cout = w.rows();
        long positions = (long) y.dim(0) * y.dim(2) * y.dim(3);
        long groups = (long) cout * ((positions + sizes.wg() - 1) / sizes.wg());
        geometry(launch(CuKernel.SPARSE_CONV2D_FORWARD).tensor(x).tensor(w.columns()).tensor(w.values()).i32(w.nnz())
                .optional(bias).flag(bias != null).tensor(y), x, cout, g).run(groups * sizes.wg(), sizes.wg());
    }

    @Override
    public void sparseConv2dBackwardData(Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dx) {
        Checks.sparseConv2dBackwardData(this, dy, w, g, dx);
        try (EllTranspose t = new EllTranspose(w)) {
            geometry(launch(CuKernel.SPARSE_CONV2D_BACKWARD_DATA).tensor(dy).tensor(w.values()).tensor(t.offsets)
                    .tensor(t.rows).tensor(t.positions).tensor(dx), dx, w.rows(), g)
                    .run(dx.size(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    @Override
    public void sparseConv2dBackwardWeights(Tensor x, Tensor dy, EllMatrix w, Conv2dGeometry g, Tensor dValues,
                                            Tensor dBias) {
        Checks.sparseConv2dBackwardWeights(this, x, dy, w, g, dValues, dBias);
        int cout = w.rows();
        geometry(launch(CuKernel.SPARSE_CONV2D_BACKWARD_WEIGHTS).tensor(x).tensor(dy).tensor(w.columns()).i32(w.nnz())
                .tensor(dValues), x, cout, g).run((long) sizes.wg() * cout * w.nnz(), sizes.wg());
        if (dBias != null) {
            convBiasGrad(dy, dBias);
        }
    }

    @Override
    public void maxPool2d(Tensor x, int kernel, int stride, Tensor y, Tensor argmax) {
        Checks.maxPool2d(this, x, kernel, stride, y, argmax);
        int planes = x.dim(0) * x.dim(1);
        launch(CuKernel.MAXPOOL2D_FORWARD).tensor(x).tensor(y).tensor(argmax).i32(planes).i32(x.dim(2)).i32(x.dim(3))
                .i32(y.dim(2)).i32(y.dim(3)).i32(kernel).i32(stride)
                .run(y.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void maxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx) {
        Checks.maxPool2dBackward(this, dy, argmax, dx);
        int planes = dy.dim(0) * dy.dim(1);
        launch(CuKernel.MAXPOOL2D_BACKWARD).tensor(dy).tensor(argmax).tensor(dx).i32(planes)
                .i32(dx.dim(2) * dx.dim(3)).i32(dy.dim(2) * dy.dim(3))
                .run(planes, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    // ---- k-winners ---------------------------------------------------------------------------

    @Override
    public void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinners(this, x, boost, k, out, indices);
        int batch = x.dim(0);
        int n = x.dim(1);
        if (batch == 0 || n == 0) {
            return;
        }
        int groupSize = boost == null ? 1 : n / boost.size();
        if (n <= sizes.kwLocalMax()) {
            launch(CuKernel.KWINNERS_ROWS).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n).i32(kk)
                    .tensor(out).tensor(indices).run((long) sizes.wg() * batch, sizes.wg());
            return;
        }
        int slices = (n + sizes.kwLocalMax() - 1) / sizes.kwLocalMax();
        long sliceGroups = (long) sizes.wg() * batch * slices;
        try (CuTensor state = scratch(DType.INT32, batch, 2);
             CuTensor partial = scratch(DType.INT32, batch * slices, 256);
             CuTensor counts = scratch(DType.INT32, batch * slices, 2);
             CuTensor offsets = scratch(DType.INT32, batch * slices, 2)) {
            for (int pass = 0; pass < 4; pass++) {
                launch(CuKernel.KWINNERS_HIST).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n)
                        .i32(slices).i32(pass).tensor(state).tensor(partial).run(sliceGroups, sizes.wg());
                launch(CuKernel.KWINNERS_SELECT).tensor(partial).i32(slices).i32(pass).i32(kk).tensor(state)
                        .run((long) sizes.wg() * batch, sizes.wg());
            }
            launch(CuKernel.KWINNERS_COUNT).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n)
                    .i32(slices).tensor(state).tensor(counts).run(sliceGroups, sizes.wg());
            launch(CuKernel.KWINNERS_OFFSETS).tensor(counts).i32(slices).i32(batch).tensor(state).tensor(offsets)
                    .run(batch, CuKernelSizes.ELEMENTWISE_GROUP);
            launch(CuKernel.KWINNERS_WRITE).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n).i32(kk)
                    .i32(slices).tensor(state).tensor(offsets).tensor(out).tensor(indices).run(sliceGroups, sizes.wg());
        }
    }

    @Override
    public void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinnersLocal(this, x, boost, k, out, indices);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int hw = x.dim(2) * x.dim(3);
        if (channels == 0) {
            return;
        }
        launch(CuKernel.KWINNERS_LOCAL).tensor(x).optional(boost).flag(boost != null).i32(batch).i32(channels).i32(hw)
                .i32(kk).tensor(out).tensor(indices).run((long) batch * hw, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersBackward(this, dy, indices, dx);
        zero(dx);
        int batch = dy.dim(0);
        int k = indices.dim(1);
        launch(CuKernel.KWINNERS_BACKWARD).tensor(dy).tensor(indices).tensor(dx).i32(batch).i32(dy.dim(1)).i32(k)
                .run((long) batch * k, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersLocalBackward(this, dy, indices, dx);
        zero(dx);
        int batch = dy.dim(0);
        int hw = dy.dim(2) * dy.dim(3);
        int k = indices.dim(1);
        launch(CuKernel.KWINNERS_LOCAL_BACKWARD).tensor(dy).tensor(indices).tensor(dx).i32(batch).i32(dy.dim(1))
                .i32(hw).i32(k).run((long) batch * k * hw, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void dutyCycleUpdate(Tensor out, Tensor duty, int period) {
        Checks.dutyCycleUpdate(this, out, duty, period);
        int groups = duty.size();
        launch(CuKernel.DUTY_CYCLE_UPDATE).tensor(out).tensor(duty).i32(out.dim(0)).i32(out.dim(1))
                .i32(out.dim(1) / groups).i32(period).run((long) sizes.wg() * groups, sizes.wg());
    }

    @Override
    public void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        Checks.boostFactors(this, duty, targetDensity, boostStrength, boost);
        launch(CuKernel.BOOST_FACTORS).tensor(duty).tensor(boost).i32(duty.size()).f32(targetDensity)
                .f32(boostStrength).run(duty.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    // ---- element-wise ------------------------------------------------------------------------

    @Override
    public void addBias(Tensor x, Tensor bias) {
        Checks.addBias(this, x, bias);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        launch(CuKernel.ADD_BIAS).tensor(x).tensor(bias).i32(x.size()).i32(x.dim(1)).i32(inner)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        Checks.unary(this, x, y);
        launch(CuKernel.RELU).tensor(x).tensor(y).i32(x.size()).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void reluBackward(Tensor dy, Tensor x, Tensor dx) {
        Checks.reluBackward(this, dy, x, dx);
        launch(CuKernel.RELU_BACKWARD).tensor(dy).tensor(x).tensor(dx).i32(dy.size())
                .run(dy.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        Checks.mul(this, a, b, out);
        launch(CuKernel.MUL).tensor(a).tensor(b).tensor(out).i32(a.size())
                .run(a.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.axpy(this, alpha, x, y);
        launch(CuKernel.AXPY).tensor(x).tensor(y).i32(x.size()).f32(alpha)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void scale(float alpha, Tensor x) {
        Checks.scale(this, alpha, x);
        launch(CuKernel.SCALE).tensor(x).i32(x.size()).f32(alpha).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void clamp(Tensor x, float lo, float hi) {
        Checks.clamp(this, x, lo, hi);
        launch(CuKernel.CLAMP_VALUES).tensor(x).i32(x.size()).f32(lo).f32(hi).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void greaterEqual(Tensor x, float threshold, Tensor out) {
        Checks.unary(this, x, out);
        launch(CuKernel.GREATER_EQUAL).tensor(x).tensor(out).i32(x.size()).f32(threshold)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void sumRows(Tensor x, Tensor out) {
        Checks.sumRows(this, x, out);
        launch(CuKernel.SUM_ROWS).tensor(x).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .run(x.dim(1), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void gatherRows(Tensor x, Tensor indices, Tensor out) {
        Checks.gatherRows(this, x, indices, out);
        launch(CuKernel.GATHER_ROWS).tensor(x).tensor(indices).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .i32(indices.dim(1)).run(indices.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void argmaxRows(Tensor x, Tensor out) {
        Checks.argmaxRows(this, x, out);
        launch(CuKernel.ARGMAX_ROWS).tensor(x).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .run((long) sizes.wg() * x.dim(0), sizes.wg());
    }

    // ---- loss --------------------------------------------------------------------------------

    @Override
    public void logSoftmax(Tensor x, Tensor out) {
        Checks.logSoftmax(this, x, out);
        if (x.dim(1) == 0) {
            return;
        }
        launch(CuKernel.LOG_SOFTMAX).tensor(x).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .run((long) sizes.wg() * x.dim(0), sizes.wg());
    }

    @Override
    public float nllLoss(Tensor logProbs, Tensor labels) {
        Checks.nllLoss(this, logProbs, labels);
        int batch = logProbs.dim(0);
        int classes = logProbs.dim(1);
        float[] result = new float[2];
        try (CuTensor sums = scratch(DType.FLOAT32, 2)) {
            launch(CuKernel.NLL_LOSS_SUM).tensor(logProbs).tensor(labels).tensor(sums).i32(batch).i32(classes)
                    .run(sizes.wg(), sizes.wg());
            download(sums, result);
        }
        if (result[1] > 0) {
            throw new IllegalArgumentException("argument 'labels': " + (int) result[1] + " of " + batch
                    + " labels are outside [0, " + classes + ")");
        }
        return result[0] / batch;
    }

    @Override
    public void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits) {
        Checks.logSoftmaxNllBackward(this, logProbs, labels, dLogits);
        launch(CuKernel.LOG_SOFTMAX_NLL_BACKWARD).tensor(logProbs).tensor(labels).tensor(dLogits)
                .i32(logProbs.dim(0)).i32(logProbs.dim(1)).run(logProbs.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    // ---- normalisation -----------------------------------------------------------------------

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                          float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int channels = Checks.batchNorm(this, x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean,
                saveInvStd);
        int batch = x.dim(0);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        if (training) {
            launch(CuKernel.BATCHNORM_TRAIN_STATS).tensor(x).tensor(saveMean).tensor(saveInvStd).tensor(runningMean)
                    .tensor(runningVar).i32(batch).i32(channels).i32(inner).f32(momentum).f32(eps)
                    .run((long) sizes.wg() * channels, sizes.wg());
        } else {
            launch(CuKernel.BATCHNORM_EVAL_STATS).tensor(runningMean).tensor(runningVar).tensor(saveMean)
                    .tensor(saveInvStd).i32(channels).f32(eps).run(channels, CuKernelSizes.ELEMENTWISE_GROUP);
        }
        launch(CuKernel.BATCHNORM_APPLY).tensor(x).optional(gamma).optional(beta).flag(gamma != null).tensor(saveMean)
                .tensor(saveInvStd).tensor(y).i32(x.size()).i32(channels).i32(inner)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        Checks.batchNormBackward(this, dy, x, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
        int channels = x.dim(1);
        int batch = x.dim(0);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        try (CuTensor sums = scratch(DType.FLOAT32, channels, 2)) {
            launch(CuKernel.BATCHNORM_BACKWARD_REDUCE).tensor(dy).tensor(x).tensor(saveMean).tensor(saveInvStd)
                    .tensor(sums).optional(dGamma).flag(dGamma != null).optional(dBeta).flag(dBeta != null)
                    .i32(batch).i32(channels).i32(inner).run((long) sizes.wg() * channels, sizes.wg());
            launch(CuKernel.BATCHNORM_BACKWARD_DATA).tensor(dy).tensor(x).optional(gamma).flag(gamma != null)
                    .tensor(saveMean).tensor(saveInvStd).tensor(sums).tensor(dx).i32(x.size()).i32(channels)
                    .i32(inner).i32(batch * inner).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    @Override
    public void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask) {
        Checks.dropout(this, x, p, y, mask);
        float keepScale = 1f / (1f - p);
        launch(CuKernel.DROPOUT).tensor(x).tensor(y).tensor(mask).i32(x.size()).f32(p).f32(keepScale)
                .i32((int) seed).i32((int) (seed >>> 32)).i32((int) offset).i32((int) (offset >>> 32))
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    // ---- optimiser ---------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        Tensor keepMask) {
        Checks.sgdStep(this, param, grad, velocity, lr, momentum, weightDecay, keepMask);
        boolean useMomentum = momentum != 0;
        launch(CuKernel.SGD_STEP).tensor(param).tensor(grad).optional(useMomentum ? velocity : null)
                .optional(keepMask).i32(param.size()).flag(useMomentum).flag(keepMask != null).f32(lr).f32(momentum)
                .f32(weightDecay).run(param.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }
}
