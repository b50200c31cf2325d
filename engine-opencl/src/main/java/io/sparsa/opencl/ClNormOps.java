package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

/** Batch normalisation ({@code batchnorm.cl}) and Philox dropout ({@code dropout.cl}). */
final class ClNormOps {
    private final ClBackend b;

    ClNormOps(ClBackend b) {
        this.b = b;
    }

    void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                   float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int channels = Checks.batchNorm(b, x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean,
                saveInvStd);
        int batch = x.dim(0);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        if (training && (long) batch * inner < 2) {
            throw new IllegalArgumentException("argument 'x': batch normalisation in training needs more than one value"
                    + " per channel (B*H*W >= 2), got shape " + Shapes.format(x.shape()));
        }
        int wg = b.tuning().workGroup();
        if (training) {
            b.launch("batchnorm_train_stats").buffer(x).buffer(saveMean).buffer(saveInvStd).buffer(runningMean)
                    .buffer(runningVar).arg(batch).arg(channels).arg(inner).arg(momentum).arg(eps).groups(channels, wg);
        } else {
            b.launch("batchnorm_eval_stats").buffer(runningMean).buffer(runningVar).buffer(saveMean).buffer(saveInvStd)
                    .arg(channels).arg(eps).items(channels);
        }
        b.launch("batchnorm_apply").buffer(x).optional(gamma).optional(beta).arg(gamma != null).buffer(saveMean)
                .buffer(saveInvStd).buffer(y).arg(x.size()).arg(channels).arg(inner).items(x.size());
    }

    void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                           Tensor dGamma, Tensor dBeta) {
        Checks.batchNormBackward(b, dy, x, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int inner = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        synchronized (b.context()) {
            long sums = b.context().scratch("batchnorm.sums", 8L * channels);
            b.launch("batchnorm_backward_reduce").buffer(dy).buffer(x).buffer(saveMean).buffer(saveInvStd)
                    .buffer(sums).optional(dGamma).arg(dGamma != null).optional(dBeta).arg(dBeta != null).arg(batch)
                    .arg(channels).arg(inner).groups(channels, b.tuning().workGroup());
            b.launch("batchnorm_backward_data").buffer(dy).buffer(x).optional(gamma).arg(gamma != null)
                    .buffer(saveMean).buffer(saveInvStd).buffer(sums).buffer(dx).arg(x.size()).arg(channels)
                    .arg(inner).arg(batch * inner).items(x.size());
        }
    }

    void dropout(Tensor x, float p, long seed, long offset, Tensor y, Tensor mask) {
        Checks.dropout(b, x, p, y, mask);
        // The keep scale as the reference computes it, in float32, so masks match bit for bit.
        float keepScale = 1f / (1f - p);
        if (x.size() == 0) {
            return;
        }
        // One work-item per Philox block of 4 stream positions covering offset .. offset + size - 1.
        long blocks = ((offset & 3) + x.size() + 3) / 4;
        b.launch("dropout").buffer(x).buffer(y).buffer(mask).arg(x.size()).arg(p).arg(keepScale).arg((int) seed)
                .arg((int) (seed >>> 32)).arg((int) offset).arg((int) (offset >>> 32)).items(blocks);
    }
}
