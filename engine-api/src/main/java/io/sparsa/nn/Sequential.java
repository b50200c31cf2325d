package io.sparsa.nn;

import io.sparsa.backend.Backend;
import io.sparsa.data.Seeds;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Layers applied in order, as PyTorch's {@code nn.Sequential}; layer {@code i}'s state is named
 * {@code "<i>.<name>"} as in its {@code state_dict}. The network owns its layers: {@link #close()}
 * frees every tensor they hold.
 *
 * <p>Build one with {@link #builder(Backend, long, int...)}, which tracks shapes, checks that each
 * layer fits the previous one and seeds each layer's initialisation from the network seed.
 */
public final class Sequential implements AutoCloseable {
    private final Backend backend;
    private final int[] inputShape;
    private final List<Layer> layers;
    private final int[] outputShape;
    private final int firstTrainable;
    private boolean closed;

    /**
     * Takes ownership of {@code layers} after checking that their shapes chain from {@code inputShape}
     * (the per-sample input shape, e.g. {@code [1, 28, 28]}).
     */
    public Sequential(Backend backend, int[] inputShape, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a Sequential needs at least one layer");
        }
        Shapes.elementCount("inputShape", inputShape);
        this.backend = backend;
        this.inputShape = inputShape.clone();
        this.layers = List.copyOf(layers);
        int[] shape = inputShape.clone();
        int trainable = this.layers.size();
        for (int i = 0; i < this.layers.size(); i++) {
            Layer l = this.layers.get(i);
            if (l.backend() != backend) {
                throw new IllegalArgumentException("layer " + i + " (" + l + ") belongs to backend '" + l.backend().name()
                        + "', the network to '" + backend.name() + "'");
            }
            try {
                shape = l.outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + ": " + e.getMessage(), e);
            }
            if (trainable == this.layers.size() && !l.parameters().isEmpty()) {
                trainable = i;
            }
        }
        this.outputShape = shape;
        this.firstTrainable = trainable;
    }

    /** A builder for a network on {@code backend} whose samples have shape {@code inputShape}. */
    public static Builder builder(Backend backend, long seed, int... inputShape) {
        return new Builder(backend, seed, inputShape);
    }

    public Backend backend() {
        return backend;
    }

    /** The per-sample input shape. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The per-sample output shape (for a classifier, {@code [classes]}). */
    public int[] outputShape() {
        return outputShape.clone();
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    /** Every parameter, named {@code "<layer index>.<name>"}. */
    public List<NamedParameter> parameters() {
        List<NamedParameter> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) {
                out.add(new NamedParameter(i + "." + p.name(), p));
            }
        }
        return out;
    }

    /** A parameter with its name in the network. */
    public record NamedParameter(String name, Parameter parameter) {
    }

    /** Number of trainable values (kept weights only, for sparse layers). */
    public long parameterCount() {
        long n = 0;
        for (NamedParameter p : parameters()) {
            n += p.parameter().value().size();
        }
        return n;
    }

    /**
     * Runs every layer on a batch {@code x} of shape {@code [B, inputShape...]}. The result is owned
     * by the last layer (valid until the next forward); {@code x} must stay open until
     * {@link #backward}.
     */
    public Tensor forward(Tensor x) {
        checkOpen();
        int[] s = x.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
            throw new IllegalArgumentException("network input must have shape [B, " + Shapes.format(inputShape).substring(1)
                    + ", got " + Shapes.format(s));
        }
        Tensor t = x;
        for (Layer l : layers) {
            t = l.forward(t);
        }
        return t;
    }

    /**
     * Back-propagates the gradient of the loss with respect to the last forward's output,
     * overwriting every parameter gradient. Layers before the first one with parameters are
     * skipped, as no gradient is needed there.
     */
    public void backward(Tensor dOutput) {
        backward(dOutput, false);
    }

    /** As {@link #backward(Tensor)}; with {@code inputGradient} returns the gradient with respect to the input. */
    public Tensor backward(Tensor dOutput, boolean inputGradient) {
        checkOpen();
        int stop = inputGradient ? 0 : firstTrainable;
        Tensor g = dOutput;
        for (int i = layers.size() - 1; i >= stop; i--) {
            g = layers.get(i).backward(g, inputGradient || i > stop);
        }
        return inputGradient ? g : null;
    }

    /** Training mode for every layer. */
    public void train() {
        for (Layer l : layers) {
            l.train(true);
        }
    }

    /** Evaluation mode for every layer. */
    public void eval() {
        for (Layer l : layers) {
            l.train(false);
        }
    }

    public boolean isTraining() {
        return layers.get(0).isTraining();
    }

    /** Decays the boost strength of every k-winners layer (nupic.torch's {@code update_boost_strength}). */
    public void updateBoostStrength() {
        for (Layer l : layers) {
            if (l instanceof KWinnersBase k) {
                k.updateBoostStrength();
            }
        }
    }

    /** The layer specs, for model files. */
    public List<LayerSpec> specs() {
        List<LayerSpec> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(l.spec());
        }
        return out;
    }

    /** Rebuilds a network from specs (as stored in a model file); parameters are freshly initialised. */
    public static Sequential fromSpecs(Backend backend, int[] inputShape, List<LayerSpec> specs, long seed) {
        List<Layer> built = new ArrayList<>();
        int[] shape = inputShape.clone();
        try {
            for (int i = 0; i < specs.size(); i++) {
                Layer l;
                try {
                    l = LayerFactory.create(backend, specs.get(i), new Random(Seeds.derive(seed, i)));
                    built.add(l);
                    shape = l.outputShape(shape);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("layer " + i + " (" + specs.get(i) + "): " + e.getMessage(), e);
                }
            }
            return new Sequential(backend, inputShape, built);
        } catch (RuntimeException e) {
            built.forEach(Layer::close);
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (Layer l : layers) {
                l.close();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the network is closed");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(input " + Shapes.format(inputShape));
        for (int i = 0; i < layers.size(); i++) {
            sb.append("\n  (").append(i).append(") ").append(layers.get(i).spec());
        }
        return sb.append("\n)").toString();
    }

    /**
     * Adds layers in order, tracking the per-sample shape so that sizes can be inferred (the input
     * width of a linear layer, the channels of a convolution) and mismatches are reported at once.
     * Layer {@code i} draws its initial values and masks from {@code Seeds.derive(seed, i)}.
     */
    public static final class Builder {
        private final Backend backend;
        private final long seed;
        private final int[] inputShape;
        private final List<Layer> layers = new ArrayList<>();
        private int[] shape;

        private Builder(Backend backend, long seed, int[] inputShape) {
            if (backend == null) {
                throw new IllegalArgumentException("backend must not be null");
            }
            Shapes.elementCount("inputShape", inputShape);
            this.backend = backend;
            this.seed = seed;
            this.inputShape = inputShape.clone();
            this.shape = inputShape.clone();
        }

        /** The per-sample shape after the layers added so far. */
        public int[] shape() {
            return shape.clone();
        }

        private Random random() {
            return new Random(Seeds.derive(seed, layers.size()));
        }

        /** Adds a layer built by the caller, checking that it takes the current shape. */
        public Builder add(Layer layer) {
            return make(() -> layer);
        }

        /**
         * Builds and adds a layer; if building fails or the layer does not take the current shape,
         * every layer built so far is closed and the error names the layer's index.
         */
        private Builder make(java.util.function.Supplier<Layer> maker) {
            Layer layer = null;
            try {
                layer = maker.get();
                shape = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                if (layer != null) {
                    layer.close();
                }
                closeAll();
                throw new IllegalArgumentException("layer " + layers.size() + ": " + e.getMessage(), e);
            }
            layers.add(layer);
            return this;
        }

        private int features(String what) {
            if (shape.length != 1) {
                throw new IllegalArgumentException("(" + what + ") needs a flat per-sample input [features], got "
                        + Shapes.format(shape) + "; add flatten() first");
            }
            return shape[0];
        }

        private int channels(String what) {
            if (shape.length != 3) {
                throw new IllegalArgumentException("(" + what + ") needs a per-sample input [C, H, W], got "
                        + Shapes.format(shape));
            }
            return shape[0];
        }

        public Builder flatten() {
            return make(() -> new Flatten(backend));
        }

        public Builder linear(int out) {
            return linear(out, true);
        }

        public Builder linear(int out, boolean bias) {
            return make(() -> new Linear(backend, features("Linear"), out, bias, random()));
        }

        /** A sparse linear layer keeping {@code round((1 - sparsity) * in)} weights per output. */
        public Builder sparseLinear(int out, double sparsity) {
            return make(() -> new SparseLinear(backend, features("SparseLinear"), out, sparsity, true, random()));
        }

        public Builder conv2d(int out, int kernel, int stride, int padding) {
            return make(() -> new Conv2d(backend, channels("Conv2d"), out, kernel, stride, padding, true, random()));
        }

        public Builder sparseConv2d(int out, int kernel, int stride, int padding, double sparsity) {
            return make(() -> new SparseConv2d(backend, channels("SparseConv2d"), out, kernel, stride, padding, sparsity,
                    true, random()));
        }

        /** Max pooling with stride = kernel, PyTorch's default. */
        public Builder maxPool2d(int kernel) {
            return maxPool2d(kernel, kernel);
        }

        public Builder maxPool2d(int kernel, int stride) {
            return make(() -> new MaxPool2d(backend, kernel, stride));
        }

        public Builder relu() {
            return make(() -> new ReLU(backend));
        }

        /** Dropout whose generator seed derives from the network seed and the layer index. */
        public Builder dropout(double p) {
            return make(() -> new Dropout(backend, p, Seeds.derive(seed, layers.size(), 0x44524F50L)));
        }

        /** {@code BatchNorm1d} with PyTorch's defaults (eps 1e-5, momentum 0.1, affine). */
        public Builder batchNorm1d() {
            return make(() -> new BatchNorm1d(backend, features("BatchNorm1d"), 1e-5, 0.1, true));
        }

        /** {@code BatchNorm2d} with PyTorch's defaults (eps 1e-5, momentum 0.1, affine). */
        public Builder batchNorm2d() {
            return make(() -> new BatchNorm2d(backend, channels("BatchNorm2d"), 1e-5, 0.1, true));
        }

        /** k-winners over the current flat width with {@code kInference = min(n, round(k * kInferenceFactor))}. */
        public Builder kWinners(int k, double kInferenceFactor, Boosting boosting) {
            return make(() -> KWinners.of(backend, features("KWinners"), k, kInferenceFactor, boosting));
        }

        /** Global k-winners over the current {@code [C, H, W]}: k of {@code C*H*W} units. */
        public Builder kWinners2d(int k, double kInferenceFactor, Boosting boosting) {
            return make(() -> KWinners2d.global(backend, channels("KWinners2d"), shape[1], shape[2], k,
                    kInferenceFactor, boosting));
        }

        /** Winner-take-all lifetime sparsity over the current flat width: each unit keeps {@code rate} of the batch. */
        public Builder lifetimeSparsity(double rate) {
            return make(() -> new LifetimeSparsity(backend, features("LifetimeSparsity"), rate));
        }

        /** Local k-winners: k of C channels at every position. */
        public Builder kWinners2dLocal(int k, double kInferenceFactor, Boosting boosting) {
            return make(() -> KWinners2d.local(backend, channels("KWinners2d"), k, kInferenceFactor, boosting));
        }

        public Sequential build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("a Sequential needs at least one layer");
            }
            return new Sequential(backend, inputShape, layers);
        }

        private void closeAll() {
            layers.forEach(Layer::close);
        }
    }
}
