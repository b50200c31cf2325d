package io.sparsa.nn;

import io.sparsa.backend.Backend;

/** Batch normalisation of {@code [B, features, H, W]} input per channel, as PyTorch's {@code nn.BatchNorm2d}. */
public final class BatchNorm2d extends BatchNorm {
    public static final String TYPE = "BatchNorm2d";

    /** PyTorch's defaults are eps 1e-5, momentum 0.1, affine true. */
    public BatchNorm2d(Backend backend, int features, double eps, double momentum, boolean affine) {
        super(backend, features, eps, momentum, affine);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected int inputRank() {
        return 3;
    }
}
