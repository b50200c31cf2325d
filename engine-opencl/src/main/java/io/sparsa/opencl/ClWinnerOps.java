package io.sparsa.opencl;

import io.sparsa.backend.Checks;
import io.sparsa.tensor.Tensor;

import static io.sparsa.opencl.ClDenseOps.ceilDiv;

/** k-winners, their backward passes, duty cycles and boost factors ({@code kwinners.cl}, {@code duty_cycle.cl}). */
final class ClWinnerOps {
    private final ClBackend b;

    ClWinnerOps(ClBackend b) {
        this.b = b;
    }

    void kWinners(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinners(b, x, boost, k, out, indices);
        int batch = x.dim(0);
        int n = x.dim(1);
        if (batch == 0 || n == 0) {
            return;
        }
        int groupSize = boost == null ? 1 : n / boost.size();
        KernelTuning t = b.tuning();
        int wg = t.workGroup();
        if (n <= t.kwLocalMax()) {
            b.launch("kwinners_rows").buffer(x).optional(boost).arg(boost != null).arg(groupSize).arg(n).arg(kk)
                    .buffer(out).buffer(indices).groups(batch, wg);
            return;
        }
        // Rows longer than local memory: radix select across work-groups, one slice each.
        synchronized (b.context()) {
            selectAcrossWorkGroups(x, boost, kk, out, indices, groupSize);
        }
    }

    private void selectAcrossWorkGroups(Tensor x, Tensor boost, int kk, Tensor out, Tensor indices, int groupSize) {
        int batch = x.dim(0);
        int n = x.dim(1);
        KernelTuning t = b.tuning();
        int wg = t.workGroup();
        int slices = ceilDiv(n, t.kwLocalMax());
        ClContext ctx = b.context();
        long state = ctx.scratch("kwinners.state", 8L * batch);
        long partial = ctx.scratch("kwinners.partial", 4L * 256 * batch * slices);
        long counts = ctx.scratch("kwinners.counts", 8L * batch * slices);
        long offsets = ctx.scratch("kwinners.offsets", 8L * batch * slices);
        long sliceGroups = (long) batch * slices;
        for (int pass = 0; pass < 4; pass++) {
            b.launch("kwinners_hist").buffer(x).optional(boost).arg(boost != null).arg(groupSize).arg(n).arg(slices)
                    .arg(pass).buffer(state).buffer(partial).groups(sliceGroups, wg);
            b.launch("kwinners_select").buffer(partial).arg(slices).arg(pass).arg(kk).buffer(state).groups(batch, wg);
        }
        b.launch("kwinners_count").buffer(x).optional(boost).arg(boost != null).arg(groupSize).arg(n).arg(slices)
                .buffer(state).buffer(counts).groups(sliceGroups, wg);
        b.launch("kwinners_offsets").buffer(counts).arg(slices).arg(batch).buffer(state).buffer(offsets).items(batch);
        b.launch("kwinners_write").buffer(x).optional(boost).arg(boost != null).arg(groupSize).arg(n).arg(kk)
                .arg(slices).buffer(state).buffer(offsets).buffer(out).buffer(indices).groups(sliceGroups, wg);
    }

    void kWinnersLocal(Tensor x, Tensor boost, int k, Tensor out, Tensor indices) {
        int kk = Checks.kWinnersLocal(b, x, boost, k, out, indices);
        int batch = x.dim(0);
        int hw = x.dim(2) * x.dim(3);
        if (x.dim(1) == 0) {
            return;
        }
        b.launch("kwinners_local").buffer(x).optional(boost).arg(boost != null).arg(batch).arg(x.dim(1)).arg(hw).arg(kk)
                .buffer(out).buffer(indices).items((long) batch * hw);
    }

    void kWinnersBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersBackward(b, dy, indices, dx);
        b.launch("fill_f32").buffer(dx).arg(dx.size()).arg(0f).items(dx.size());
        b.launch("kwinners_backward").buffer(dy).buffer(indices).buffer(dx).arg(dy.dim(0)).arg(dy.dim(1))
                .arg(indices.dim(1)).items(indices.size());
    }

    void kWinnersLocalBackward(Tensor dy, Tensor indices, Tensor dx) {
        Checks.kWinnersLocalBackward(b, dy, indices, dx);
        b.launch("fill_f32").buffer(dx).arg(dx.size()).arg(0f).items(dx.size());
        b.launch("kwinners_local_backward").buffer(dy).buffer(indices).buffer(dx).arg(dy.dim(0)).arg(dy.dim(1))
                .arg(dy.dim(2) * dy.dim(3)).arg(indices.dim(1)).items(indices.size());
    }

    void dutyCycleUpdate(Tensor out, Tensor duty, int period) {
        Checks.dutyCycleUpdate(b, out, duty, period);
        int n = out.dim(1);
        int groups = duty.size();
        b.launch("duty_cycle_update").buffer(out).buffer(duty).arg(out.dim(0)).arg(n).arg(n / groups).arg(period)
                .groups(groups, b.tuning().workGroup());
    }

    void boostFactors(Tensor duty, float targetDensity, float boostStrength, Tensor boost) {
        Checks.boostFactors(b, duty, targetDensity, boostStrength, boost);
        b.launch("boost_factors").buffer(duty).buffer(boost).arg(duty.size()).arg(targetDensity).arg(boostStrength)
                .items(duty.size());
    }
}
