package io.sparsa.nn;

import io.sparsa.backend.Backend;

import java.util.List;
import java.util.Random;

/** Builds a layer from its {@link LayerSpec}: the inverse of {@link Layer#spec()}. */
public final class LayerFactory {
    /** Every type this factory knows. */
    public static final List<String> TYPES = List.of(Linear.TYPE, SparseLinear.TYPE, Conv2d.TYPE, SparseConv2d.TYPE,
            KWinners.TYPE, KWinners2d.TYPE, MaxPool2d.TYPE, BatchNorm1d.TYPE, BatchNorm2d.TYPE, Dropout.TYPE,
            ReLU.TYPE, Flatten.TYPE, LifetimeSparsity.TYPE);

    private LayerFactory() {
    }

    /**
     * A new layer of {@code spec}'s type and parameters.
     *
     * @param random draws initial values and masks (replaced when a model file's state is loaded)
     */
    public static Layer create(Backend backend, LayerSpec spec, Random random) {
        return switch (spec.type()) {
            case Linear.TYPE -> new Linear(backend, spec.intParam("in"), spec.intParam("out"), spec.boolParam("bias"),
                    random);
            case SparseLinear.TYPE -> new SparseLinear(backend, spec.intParam("in"), spec.intParam("out"),
                    spec.doubleParam("sparsity"), spec.boolParam("bias"), random);
            case Conv2d.TYPE -> new Conv2d(backend, spec.intParam("in"), spec.intParam("out"), spec.intParam("kernel"),
                    spec.intParam("stride"), spec.intParam("padding"), spec.boolParam("bias"), random);
            case SparseConv2d.TYPE -> new SparseConv2d(backend, spec.intParam("in"), spec.intParam("out"),
                    spec.intParam("kernel"), spec.intParam("stride"), spec.intParam("padding"),
                    spec.doubleParam("sparsity"), spec.boolParam("bias"), random);
            case KWinners.TYPE -> new KWinners(backend, spec.intParam("n"), spec.intParam("k"),
                    spec.intParam("kInference"), boosting(spec));
            case KWinners2d.TYPE -> new KWinners2d(backend, spec.intParam("channels"), spec.intParam("k"),
                    spec.intParam("kInference"), spec.boolParam("local"), boosting(spec));
            case MaxPool2d.TYPE -> new MaxPool2d(backend, spec.intParam("kernel"), spec.intParam("stride"));
            case BatchNorm1d.TYPE -> new BatchNorm1d(backend, spec.intParam("features"), spec.doubleParam("eps"),
                    spec.doubleParam("momentum"), spec.boolParam("affine"));
            case BatchNorm2d.TYPE -> new BatchNorm2d(backend, spec.intParam("features"), spec.doubleParam("eps"),
                    spec.doubleParam("momentum"), spec.boolParam("affine"));
            case Dropout.TYPE -> new Dropout(backend, spec.doubleParam("p"), spec.longParam("seed"));
            case ReLU.TYPE -> new ReLU(backend);
            case Flatten.TYPE -> new Flatten(backend);
            case LifetimeSparsity.TYPE -> new LifetimeSparsity(backend, spec.intParam("n"), spec.doubleParam("rate"));
            default -> throw new IllegalArgumentException("unknown layer type '" + spec.type() + "'; known types: "
                    + String.join(", ", TYPES));
        };
    }

    private static Boosting boosting(LayerSpec spec) {
        return new Boosting(spec.doubleParam("boostStrength"), spec.doubleParam("boostStrengthFactor"),
                spec.intParam("dutyCyclePeriod"));
    }
}
