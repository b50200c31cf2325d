package io.sparsa.cpu.conv;

import io.sparsa.cpu.parallel.CpuThreadPool;
import io.sparsa.cpu.parallel.Scratch;
import io.sparsa.cpu.vector.CpuKernels;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The dense-weight convolution for inputs that are mostly zero (k-winners outputs, MNIST
 * pixels): instead of multiplying every input through im2col, only the nonzero inputs
 * {@code x[n, c, ih, iw]} contribute {@code x * w[:, c, i, j]} to the output positions that read
 * them, so the cost is proportional to the nonzeros. The run of output channels is the vector
 * dimension: the weights are transposed to {@code [Cin][kh][kw][paddedOut]} once per call, each
 * image's outputs are summed in a zeroed scratch {@code [outH * outW][paddedOut]} by
 * {@link SparseInputKernel} and transposed into the NCHW output, plus the bias.
 *
 * <p>Images are spread over the threads, each with its own scratch.
 */
public final class SparseInputConv2d {
    private static final System.Logger LOG = System.getLogger(SparseInputConv2d.class.getName());
    private static final String PANAMA_CLASS = "io.sparsa.cpu.conv.PanamaSparseInputKernel";

    private final CpuThreadPool pool;
    private final SparseInputKernel kernel;
    /** The transposed, padded weights of the current call (filled by the calling thread). */
    private final Scratch weightBuffers = new Scratch();
    /** One image's output in [position][paddedOut] layout, per thread. */
    private final Scratch outputBuffers = new Scratch();
    /** The taps of the last geometry seen: layers call with the same shapes batch after batch. */
    private volatile CachedTaps lastTaps;

    private record CachedTaps(ConvShape key, SparseInputTaps taps) {
    }

    /** Uses the Vector API kernel when {@code kernels} are the vector ones, else the scalar one. */
    public SparseInputConv2d(CpuKernels kernels, CpuThreadPool pool) {
        this(pool, kernels.vectorized());
    }

    /** @param vectorized whether to use the Vector API (the caller knows the module is readable) */
    public SparseInputConv2d(CpuThreadPool pool, boolean vectorized) {
        this.pool = pool;
        this.kernel = vectorized ? vectorKernel() : new ScalarSparseInputKernel();
    }

    /** Whether this instance runs the Vector API kernel. */
    public boolean vectorized() {
        return !(kernel instanceof ScalarSparseInputKernel);
    }

    private static SparseInputKernel vectorKernel() {
        try {
            return (SparseInputKernel) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            return fallback(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return fallback(e);
        }
    }

    private static SparseInputKernel fallback(Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "sparse-input convolution uses scalar code: the vector kernel could not "
                + "be loaded (" + t + ")");
        return new ScalarSparseInputKernel();
    }

    /** {@code y = conv(x, w) + bias}; w {@code [Cout, Cin, kh, kw]} row-major, bias may be null. */
    public void forward(float[] x, float[] w, float[] bias, ConvShape s, float[] y) {
        int cout = s.outChannels();
        int lanes = kernel.lanes();
        int cp = (cout + lanes - 1) / lanes * lanes;
        SparseInputTaps taps = taps(s, cp);
        int tapCount = s.taps();
        float[] wt = weightBuffers.floats(tapCount * cp);
        transposeWeights(w, cout, tapCount, s.g().kernelW(), cp, wt);
        int positions = s.positions();
        pool.forRange(s.batch(), 1, (n0, n1) -> {
            float[] acc = outputBuffers.floats(positions * cp);
            for (int n = n0; n < n1; n++) {
                Arrays.fill(acc, 0, positions * cp, 0f);
                kernel.scatter(x, n * s.inImage(), taps, wt, acc);
                toChannelsFirst(acc, cp, bias, cout, positions, y, n * s.outImage());
            }
        });
    }

    private SparseInputTaps taps(ConvShape s, int cp) {
        ConvShape key = new ConvShape(0, s.inChannels(), s.h(), s.w(), s.outChannels(), s.g());
        CachedTaps c = lastTaps;
        if (c == null || !c.key.equals(key) || c.taps.paddedOut() != cp) {
            c = new CachedTaps(key, SparseInputTaps.of(s, cp));
            lastTaps = c;
        }
        return c.taps;
    }

    /**
     * {@code wt[((c * kh + ki) * kw + kw - 1 - kj) * cp + o] = w[o, c, ki, kj]} (kernel columns
     * reversed, see {@link SparseInputTaps}), zero for the padding channels {@code o >= cout}.
     */
    private static void transposeWeights(float[] w, int cout, int taps, int kw, int cp, float[] wt) {
        for (int t = 0; t < taps; t++) {
            int kj = t % kw;
            int row = (t - kj + kw - 1 - kj) * cp;
            for (int o = 0; o < cout; o++) {
                wt[row + o] = w[o * taps + t];
            }
            for (int o = cout; o < cp; o++) {
                wt[row + o] = 0f;
            }
        }
    }

    /**
     * {@code y[yOff + o * positions + p] = acc[p * cp + o] + bias[o]}, one output row at a time:
     * contiguous writes, strided reads from the scratch (measured faster than reading the scratch
     * in order or in blocks). The bias is added last, as {@code conv2d} does.
     */
    private static void toChannelsFirst(float[] acc, int cp, float[] bias, int cout, int positions, float[] y,
                                        int yOff) {
        for (int o = 0; o < cout; o++) {
            int yo = yOff + o * positions;
            float b = bias == null ? 0f : bias[o];
            for (int p = 0; p < positions; p++) {
                y[yo + p] = acc[p * cp + o] + b;
            }
        }
    }
}
