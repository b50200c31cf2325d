package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * Log-softmax and negative log-likelihood ({@code loss.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuLossOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuLossOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void logSoftmax(Tensor x, Tensor out) {
        Checks.logSoftmax(backend, x, out);
        if (x.dim(1) == 0) {
            return;
        }
        backend.launch(CuKernel.LOG_SOFTMAX).tensor(x).tensor(out).i32(x.dim(0)).i32(x.dim(1))
                .run((long) sizes.wg() * x.dim(0), sizes.wg());
    }

    float nllLoss(Tensor logProbs, Tensor labels) {
        Checks.nllLoss(backend, logProbs, labels);
        int batch = logProbs.dim(0);
        int classes = logProbs.dim(1);
        float[] result = new float[2];
        try (CuTensor sums = backend.scratch(DType.FLOAT32, 2)) {
            backend.launch(CuKernel.NLL_LOSS_SUM).tensor(logProbs).tensor(labels).tensor(sums).i32(batch).i32(classes)
                    .run(sizes.wg(), sizes.wg());
            backend.download(sums, result);
        }
        if (result[1] > 0) {
            throw new IllegalArgumentException("argument 'labels': " + (int) result[1] + " of " + batch
                    + " labels are outside [0, " + classes + ")");
        }
        return result[0] / batch;
    }

    void logSoftmaxNllBackward(Tensor logProbs, Tensor labels, Tensor dLogits) {
        Checks.logSoftmaxNllBackward(backend, logProbs, labels, dLogits);
        backend.launch(CuKernel.LOG_SOFTMAX_NLL_BACKWARD).tensor(logProbs).tensor(labels).tensor(dLogits)
                .i32(logProbs.dim(0)).i32(logProbs.dim(1)).run(logProbs.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }
}
