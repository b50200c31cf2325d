package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * Winner-take-all lifetime sparsity over {@code n} units, as in Makhzani and Frey's fully connected
 * WTA autoencoders ("Winner-Take-All Autoencoders", NIPS 2015): in training, each unit keeps only
 * its largest {@code ceil(rate * B)} activations across the batch of {@code B} samples and outputs
 * 0 for the others; the gradient flows through the kept activations only. In evaluation the layer
 * passes its input through unchanged, as the paper does at test time.
 *
 * <p>Put after a {@link KWinners} layer it adds the paper's lifetime constraint (each unit active
 * for a small fraction of the samples) to k-winners' population constraint (a few units active
 * per sample). It is built from the k-winners primitive: the batch is transposed with a product by
 * the identity, so each unit's activations form a row, and the winners of each row are kept.
 */
public final class LifetimeSparsity extends Layer {
    public static final String TYPE = "LifetimeSparsity";

    private final int n;
    private final double rate;
    private final BufferSlot identity = slot(DType.FLOAT32);
    private final BufferSlot transposed = slot(DType.FLOAT32);
    private final BufferSlot keptTransposed = slot(DType.FLOAT32);
    private final BufferSlot winners = slot(DType.INT32);
    private final BufferSlot out = slot(DType.FLOAT32);
    private final BufferSlot dyTransposed = slot(DType.FLOAT32);
    private final BufferSlot dxTransposed = slot(DType.FLOAT32);
    private final BufferSlot dx = slot(DType.FLOAT32);
    private int identitySize;
    private int[] inputShape;
    private boolean applied;

    /**
     * @param n    units per sample
     * @param rate the fraction of a batch each unit stays active for in training, in (0, 1]
     */
    public LifetimeSparsity(Backend backend, int n, double rate) {
        super(backend);
        if (n < 1) {
            throw new IllegalArgumentException("LifetimeSparsity: n must be >= 1, got " + n);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("LifetimeSparsity: rate must be in (0, 1], got " + rate);
        }
        this.n = n;
        this.rate = rate;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.of(TYPE).with("n", n).with("rate", rate).build();
    }

    public int units() {
        return n;
    }

    public double rate() {
        return rate;
    }

    /** Activations each unit keeps in a training batch of {@code batch} samples: {@code ceil(rate * batch)}, 1..batch. */
    public int keptPerUnit(int batch) {
        // the epsilon keeps 0.05 * 60 = 3.0000000000000004 at 3
        return Math.max(1, Math.min(batch, (int) Math.ceil(rate * batch - 1e-9)));
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireShape(inputShape, n);
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x, n);
        int batch = x.dim(0);
        inputShape = x.shape();
        applied = isTraining() && keptPerUnit(batch) < batch;
        if (!applied) {
            return x;
        }
        Tensor eye = identity(batch);
        Tensor xT = transposed.get(n, batch);
        backend().gemm(true, false, 1f, x, eye, 0f, xT);
        int kept = keptPerUnit(batch);
        Tensor keptT = keptTransposed.get(n, batch);
        backend().kWinners(xT, null, kept, keptT, winners.get(n, kept));
        Tensor result = out.get(batch, n);
        backend().gemm(false, true, 1f, eye, keptT, 0f, result);
        return result;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        checkForwardDone(inputShape);
        if (!inputGradient) {
            return null;
        }
        if (!applied) {
            return dy;
        }
        int batch = inputShape[0];
        Tensor eye = identity(batch);
        Tensor dyT = dyTransposed.get(n, batch);
        backend().gemm(true, false, 1f, dy, eye, 0f, dyT);
        Tensor dxT = dxTransposed.get(n, batch);
        backend().kWinnersBackward(dyT, winners.current(), dxT);
        Tensor d = dx.get(batch, n);
        backend().gemm(false, true, 1f, eye, dxT, 0f, d);
        return d;
    }

    /** The {@code [batch, batch]} identity used to transpose by a matrix product. */
    private Tensor identity(int batch) {
        Tensor eye = identity.get(batch, batch);
        if (identitySize != batch) {
            float[] values = new float[batch * batch];
            for (int i = 0; i < batch; i++) {
                values[i * batch + i] = 1f;
            }
            eye.copyFrom(values);
            identitySize = batch;
        }
        return eye;
    }
}
