package io.sparsa.cuda;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

/**
 * k-winners (one work-group per row, or in slices for rows too long for shared memory), the
 * local variant, duty cycles and boost factors ({@code kwinners.cl}, {@code duty_cycle.cl}).
 * Each operation checks its arguments with {@link Checks} first, before it queues any work.
 */
final class CuWinnerOps {
    private final CuBackend backend;
    private final CuKernelSizes sizes;

    CuWinnerOps(CuBackend backend, CuKernelSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
    }

    void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinners(backend, x, boost, k, out, indices);
        int batch = x.dim(0);
        int n = x.dim(1);
        if (batch == 0 || n == 0) {
            return;
        }
        int groupSize = boost == null ? 1 : n / boost.size();
        if (n <= sizes.kwLocalMax()) {
            backend.launch(CuKernel.KWINNERS_ROWS).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n).i32(kk)
                    .tensor(out).tensor(indices).run((long) sizes.wg() * batch, sizes.wg());
            return;
        }
        int slices = (n + sizes.kwLocalMax() - 1) / sizes.kwLocalMax();
        long sliceGroups = (long) sizes.wg() * batch * slices;
        try (CuTensor state = backend.scratch(DType.INT32, batch, 2);
             CuTensor partial = backend.scratch(DType.INT32, batch * slices, 256);
             CuTensor counts = backend.scratch(DType.INT32, batch * slices, 2);
             CuTensor offsets = backend.scratch(DType.INT32, batch * slices, 2)) {
            for (int pass = 0; pass < 4; pass++) {
                backend.launch(CuKernel.KWINNERS_HIST).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n)
                        .i32(slices).i32(pass).tensor(state).tensor(partial).run(sliceGroups, sizes.wg());
                backend.launch(CuKernel.KWINNERS_SELECT).tensor(partial).i32(slices).i32(pass).i32(kk).tensor(state)
                        .run((long) sizes.wg() * batch, sizes.wg());
            }
            backend.launch(CuKernel.KWINNERS_COUNT).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n)
                    .i32(slices).tensor(state).tensor(counts).run(sliceGroups, sizes.wg());
            backend.launch(CuKernel.KWINNERS_OFFSETS).tensor(counts).i32(slices).i32(batch).tensor(state).tensor(offsets)
                    .run(batch, CuKernelSizes.ELEMENTWISE_GROUP);
            backend.launch(CuKernel.KWINNERS_WRITE).tensor(x).optional(boost).flag(boost != null).i32(groupSize).i32(n).i32(kk)
                    .i32(slices).tensor(state).tensor(offsets).tensor(out).tensor(indices).run(sliceGroups, sizes.wg());
        }
    }

    void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinnersLocal(backend, x, boost, k, out, indices);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int hw = x.dim(2) * x.dim(3);
        if (channels == 0) {
            return;
        }
        backend.launch(CuKernel.KWINNERS_LOCAL).tensor(x).optional(boost).flag(boost != null).i32(batch).i32(channels).i32(hw)
                .i32(kk).tensor(out).tensor(indices).run((long) batch * hw, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersBackward(backend, dy, indices, dx);
        backend.zero(dx);
        int batch = dy.dim(0);
        int k = indices.dim(1);
        backend.launch(CuKernel.KWINNERS_BACKWARD).tensor(dy).tensor(indices).tensor(dx).i32(batch).i32(dy.dim(1)).i32(k)
                .run((long) batch * k, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersLocalBackward(backend, dy, indices, dx);
        backend.zero(dx);
        int batch = dy.dim(0);
        int hw = dy.dim(2) * dy.dim(3);
        int k = indices.dim(1);
        backend.launch(CuKernel.KWINNERS_LOCAL_BACKWARD).tensor(dy).tensor(indices).tensor(dx).i32(batch).i32(dy.dim(1))
                .i32(hw).i32(k).run((long) batch * k * hw, CuKernelSizes.ELEMENTWISE_GROUP);
    }

    void dutyCycleUpdate(Tensor out, Tensor duty, int period) {
        Checks.dutyCycleUpdate(backend, out, duty, period);
        int groups = duty.size();
        backend.launch(CuKernel.DUTY_CYCLE_UPDATE).tensor(out).tensor(duty).i32(out.dim(0)).i32(out.dim(1))
                .i32(out.dim(1) / groups).i32(period).run((long) sizes.wg() * groups, sizes.wg());
    }

    void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        Checks.boostFactors(backend, duty, targetDensity, boostStrength, boost);
        backend.launch(CuKernel.BOOST_FACTORS).tensor(duty).tensor(boost).i32(duty.size()).f32(targetDensity)
                .f32(boostStrength).run(duty.size(), CuKernelSizes.ELEMENTWISE_GROUP);
    }
}
