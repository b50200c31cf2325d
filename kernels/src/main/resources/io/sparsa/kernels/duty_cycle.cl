/*
 * Duty cycles and the boost factors they drive. Contract: io.sparsa.backend.ops.WinnerOps.
 */

/*
 * duty_cycle_update(out, duty, batch, n, groupSize, period)
 *   For group u (units u * groupSize .. (u + 1) * groupSize - 1 of each row of out [batch, n]):
 *   active = (count of out > 0 in the group over the batch) / groupSize and
 *   duty[u] = (duty[u] * (period - batch) + active) / period.
 * Launch: local WG, global WG * (n / groupSize) (one work-group per group).
 */
KERNEL duty_cycle_update(const GLOBAL float* out, GLOBAL float* duty, int batch, int n, int groupSize, int period) {
    LOCAL int red[WG];
    int lid = LID_X;
    int u = GROUP_X;
    int total = batch * groupSize;
    int count = 0;
    for (int e = lid; e < total; e += WG) {
        int b = e / groupSize;
        if (out[b * n + u * groupSize + (e - b * groupSize)] > 0.0f) {
            count++;
        }
    }
    count = wg_sum_int(red, count, lid);
    if (lid == 0) {
        float active = (float) count / (float) groupSize;
        duty[u] = (duty[u] * (float) (period - batch) + active) / (float) period;
    }
}

/*
 * boost_factors(duty, boost, count, targetDensity, boostStrength)
 *   boost[u] = exp((targetDensity - duty[u]) * boostStrength).
 * Launch: global >= count (any local size).
 */
KERNEL boost_factors(const GLOBAL float* duty, GLOBAL float* boost, int count, float targetDensity,
                     float boostStrength) {
    int u = GID_X;
    if (u < count) {
        boost[u] = EXP((targetDensity - duty[u]) * boostStrength);
    }
}
