package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A network layer written once on top of the {@link Backend} primitives, with an explicit forward
 * and backward pass and a training/evaluation mode.
 *
 * <p>Memory: a layer owns every tensor it allocates (parameters, gradients, state, activations and
 * input gradients) and frees them in {@link #close()}. {@link #forward} and {@link #backward} return
 * tensors the layer owns and reuses: they stay valid until the layer's next call of the same
 * method (or a change of batch size) and must not be closed by the caller. The input given to
 * {@link #forward} must stay open and unchanged until the matching {@link #backward}.
 *
 * <p>Shapes are per-sample (without the batch dimension) in {@link #outputShape}; tensors passed
 * to {@link #forward} have the batch as dimension 0.
 */
public abstract class Layer implements AutoCloseable {
    private final Backend backend;
    private final List<Tensor> owned = new ArrayList<>();
    private final List<BufferSlot> slots = new ArrayList<>();
    private boolean training = true;
    private boolean closed;

    protected Layer(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        this.backend = backend;
    }

    public final Backend backend() {
        return backend;
    }

    /** The class name used in model files ({@code Linear}, {@code KWinners2d}, ...). */
    public abstract String type();

    /** The type and every constructor parameter, for model files. */
    public abstract LayerSpec spec();

    /**
     * The per-sample output shape for a per-sample input shape.
     *
     * @throws IllegalArgumentException when this layer cannot take that input (the message names both)
     */
    public abstract int[] outputShape(int[] inputShape);

    /** Computes the output for a batch {@code x} of shape {@code [B, inputShape...]}. */
    public abstract Tensor forward(Tensor x);

    /**
     * Back-propagates {@code dy} (the gradient of the loss with respect to the last forward's
     * output): overwrites every parameter's gradient and, when {@code inputGradient}, returns the
     * gradient with respect to the last forward's input, else null.
     */
    public abstract Tensor backward(Tensor dy, boolean inputGradient);

    /** The trainable parameters (empty for layers without any). */
    public List<Parameter> parameters() {
        return List.of();
    }

    /** Host copies of the parameters and buffers in PyTorch's names and layout. */
    public List<StateTensor> state() {
        return List.of();
    }

    /**
     * Replaces the state from entries named as in {@link #state()}, whose kinds and shapes the caller
     * has already checked against {@link #state()}. Layers check what only they know (masks).
     */
    public void loadState(Map<String, StateTensor> entries) {
        if (!entries.isEmpty()) {
            throw new IllegalArgumentException(type() + " has no state, got " + entries.keySet());
        }
    }

    /** Switches between training ({@code true}) and evaluation mode. */
    public void train(boolean on) {
        training = on;
    }

    /** Evaluation mode: same as {@code train(false)}. */
    public final void eval() {
        train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Frees every tensor this layer allocated. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BufferSlot s : slots) {
            s.close();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }

    public final boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return spec().toString();
    }

    // ---- helpers for subclasses ---------------------------------------------------------------

    /** Allocates a tensor this layer keeps for its whole life (a parameter or buffer). */
    protected final Tensor own(Tensor t) {
        owned.add(t);
        return t;
    }

    /** A new float32 tensor holding {@code values}, kept for the layer's life. */
    protected final Tensor ownFloats(float[] values, int... shape) {
        return own(backend.fromArray(values, shape));
    }

    /** A new reusable activation or gradient buffer. */
    protected final BufferSlot slot(DType dtype) {
        BufferSlot s = new BufferSlot(backend, dtype);
        slots.add(s);
        return s;
    }

    /** Fails when the layer was closed. */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(type() + " layer is closed");
        }
    }

    /** Fails unless {@code x} is {@code [B, expected...]}. */
    protected final void checkInput(Tensor x, int... expected) {
        checkOpen();
        if (x == null) {
            throw new IllegalArgumentException(this + ": input must not be null");
        }
        x.checkOpen("x");
        int[] got = x.shape();
        if (got.length != expected.length + 1 || !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), expected)) {
            throw new IllegalArgumentException(this + ": input must have shape [B, "
                    + Arrays.toString(expected).substring(1) + ", got " + Shapes.format(got));
        }
    }

    /** Fails unless {@code x} has rank {@code rank}. */
    protected final void checkRank(Tensor x, int rank, String layout) {
        checkOpen();
        if (x == null) {
            throw new IllegalArgumentException(this + ": input must not be null");
        }
        x.checkOpen("x");
        if (x.rank() != rank) {
            throw new IllegalArgumentException(this + ": input must have shape " + layout + ", got "
                    + Shapes.format(x.shape()));
        }
    }

    /** Fails unless a forward pass happened, naming what backward needs. */
    protected final void checkForwardDone(Object saved) {
        checkOpen();
        if (saved == null) {
            throw new IllegalStateException(this + ": backward called before forward");
        }
    }

    /** Fails unless the per-sample {@code input} equals {@code expected}. */
    protected final void requireShape(int[] input, int... expected) {
        if (!Arrays.equals(input, expected)) {
            throw new IllegalArgumentException(this + " takes per-sample input " + Shapes.format(expected) + ", got "
                    + Shapes.format(input));
        }
    }

    /** The host values of a float32 tensor. */
    protected static float[] read(Tensor t) {
        return t.toFloatArray();
    }

    /** {@code [batch, rest...]}. */
    protected static int[] batched(int batch, int... rest) {
        int[] s = new int[rest.length + 1];
        s[0] = batch;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }
}
