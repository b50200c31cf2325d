package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * Batch normalisation and dropout ({@code batchnorm.cl}, {@code dropout.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuNormOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuNormOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                          float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int channels = Checks.batchNorm(backend, x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean,
                saveInvStd);
        int batch = x.dim(0);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        if (training) {
            backend.launch(CuKernel.BATCHNORM_TRAIN_STATS).tensor(x).tensor(saveMean).tensor(saveInvStd).tensor(runningMean)
                    .tensor(runningVar).i32(batch).i32(channels).i32(inner).f32(momentum).f32(eps)
                    .run((long) sizes.wg() * channels, sizes.wg());
        } else {
            backend.launch(CuKernel.BATCHNORM_EVAL_STATS).tensor(runningMean).tensor(runningVar).tensor(saveMean)
                    .tensor(saveInvStd).i32(channels).f32(eps).run(channels, CuKernelSizes.ELEMENTWISE_GROUP);
        }
        backend.launch(CuKernel.BATCHNORM_APPLY).tensor(x).optional(gamma).optional(beta).flag(gamma != null).tensor(saveMean)
                .tensor(saveInvStd).tensor(y).i32(x.size()).i32(channels).i32(inner)
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        Checks.batchNormBackward(backend, dy, x, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
        int channels = x.dim(1);
        int batch = x.dim(0);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        try (CuTensor sums = backend.scratch(DType.FLOAT32, channels, 2)) {
            backend.launch(CuKernel.BATCHNORM_BACKWARD_REDUCE).tensor(dy).tensor(x).tensor(saveMean).tensor(saveInvStd)
                    .tensor(sums).optional(dGamma).flag(dGamma != null).optional(dBeta).flag(dBeta != null)
                    .i32(batch).i32(channels).i32(inner).run((long) sizes.wg() * channels, sizes.wg());
            backend.launch(CuKernel.BATCHNORM_BACKWARD_DATA).tensor(dy).tensor(x).optional(gamma).flag(gamma != null)
                    .tensor(saveMean).tensor(saveInvStd).tensor(sums).tensor(dx).i32(x.size()).i32(channels)
                    .i32(inner).i32(batch * inner).run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
        }
    }

    void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask) {
        Checks.dropout(backend, x, p, y, mask);
        float keepScale = 1f / (1f - p);
        backend.launch(CuKernel.DROPOUT).tensor(x).tensor(y).tensor(mask).i32(x.size()).f32(p).f32(keepScale)
                .i32((int) seed).i32((int) (seed >>> 32)).i32((int) offset).i32((int) (offset >>> 32))
                .run(x.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }
}
