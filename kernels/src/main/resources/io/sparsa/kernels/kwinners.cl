/*
 * k-winners-take-all with boosting: a parallel selection, not a sort.
 * Contract: io.sparsa.backend.ops.WinnerOps.
 *
 * Scores are mapped to an order-preserving unsigned image (kw_key). The k-th largest key, the
 * threshold, is found by a radix select, 8 bits per pass from the top: a 256-bin histogram of the
 * keys that share the digits found so far picks the next digit. Winners are then the keys above
 * the threshold plus the first `needEq` keys equal to it in index order (ties to the lower
 * index); an ordered compaction (prefix sums over contiguous chunks) writes their positions in
 * ascending order.
 *
 * Rows of up to KW_LOCAL_MAX units take kwinners_rows: one work-group per row, keys in local
 * memory. Longer rows take the multi-work-group path, in slices of KW_LOCAL_MAX units:
 *   for pass in 0..3: kwinners_hist, kwinners_select;  then kwinners_count, kwinners_offsets,
 *   kwinners_write.
 * Shared arguments: x [batch, n] float, boost float (read only when hasBoost != 0; unit i uses
 * boost[i / groupSize]), k = min(k, n) >= 1, out [batch, n], indices int [batch, k]. The
 * multi-work-group path keeps per-row state in an int buffer `state` [batch, 2] (threshold bits,
 * count of threshold-equal winners) and scratch buffers described per kernel.
 */

/* Order-preserving image of a float: a > b iff kw_key(a) > kw_key(b); -0 and +0 tie. */
DEVICE_FN u32 kw_key(float s) {
    u32 u = FLOAT_AS_UINT(s);
    if (s == 0.0f) {
        u = 0u;
    }
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

DEVICE_FN u32 kw_row_key(const GLOBAL float* xr, const GLOBAL float* boost, int hasBoost, int groupSize, int i) {
    float v = xr[i];
    return kw_key(hasBoost ? v * boost[i / groupSize] : v);
}

/* Bits of the key above the digit of pass `pass` (digit 0 is the top byte). */
DEVICE_FN u32 kw_mask(int pass) {
    return pass == 0 ? 0u : (0xFFFFFFFFu << (32 - 8 * pass));
}

/* Walks the 256 bins from the top to the bin in which the running count reaches *remaining;
   *remaining becomes the rank still needed inside that bin. */
DEVICE_FN int kw_pick_bin(LOCAL_PTR const int* hist, int* remaining) {
    int need = *remaining;
    for (int b = 255; b > 0; b--) {
        int c = hist[b];
        if (c >= need) {
            *remaining = need;
            return b;
        }
        need -= c;
    }
    *remaining = need;
    return 0;
}

/* Ordered compaction of the slice keys[0..len), which starts at row position `start`: winners are
   keys above `threshold` and the threshold-equal keys of row rank < needEq (eqBefore equal keys
   lie in earlier slices). Winner positions go to idxRow[winBefore ...] ascending; keys[i] becomes
   1 for a winner and 0 otherwise. Each work-item handles one contiguous chunk. */
DEVICE_FN void kw_compact(LOCAL_PTR u32* keys, int len, u32 threshold, int needEq, int eqBefore, int winBefore,
                          int start, GLOBAL int* idxRow, LOCAL_PTR int* scan, int lid) {
    int chunk = (len + WG - 1) / WG;
    int lo = lid * chunk;
    int hi = lo + chunk < len ? lo + chunk : len;
    int equal = 0;
    for (int i = lo; i < hi; i++) {
        if (keys[i] == threshold) {
            equal++;
        }
    }
    int total;
    int eqRank = eqBefore + wg_exclusive_scan_int(scan, equal, lid, &total);
    int wins = 0;
    int e = eqRank;
    for (int i = lo; i < hi; i++) {
        u32 key = keys[i];
        if (key > threshold) {
            wins++;
        } else if (key == threshold) {
            if (e < needEq) {
                wins++;
            }
            e++;
        }
    }
    int pos = winBefore + wg_exclusive_scan_int(scan, wins, lid, &total);
    e = eqRank;
    for (int i = lo; i < hi; i++) {
        u32 key = keys[i];
        u32 win = 0u;
        if (key > threshold) {
            win = 1u;
        } else if (key == threshold) {
            win = e < needEq ? 1u : 0u;
            e++;
        }
        if (win) {
            idxRow[pos++] = start + i;
        }
        keys[i] = win;
    }
    BARRIER();
}

/*
 * kwinners_rows(x, boost, hasBoost, groupSize, n, k, out, indices)   n <= KW_LOCAL_MAX
 * Launch: local WG, global WG * batch (one work-group per row).
 */
KERNEL kwinners_rows(const GLOBAL float* x, const GLOBAL float* boost, int hasBoost, int groupSize, int n, int k,
                     GLOBAL float* out, GLOBAL int* indices) {
    LOCAL u32 keys[KW_LOCAL_MAX];
    LOCAL int hist[256];
    LOCAL int scan[WG];
    LOCAL u32 state[2];
    int row = GROUP_X;
    int lid = LID_X;
    const GLOBAL float* xr = x + row * n;
    for (int i = lid; i < n; i += WG) {
        keys[i] = kw_row_key(xr, boost, hasBoost, groupSize, i);
    }
    u32 prefix = 0u;
    int remaining = k;
    for (int pass = 0; pass < 4; pass++) {
        int shift = 24 - 8 * pass;
        u32 mask = kw_mask(pass);
        for (int b = lid; b < 256; b += WG) {
            hist[b] = 0;
        }
        BARRIER();
        for (int i = lid; i < n; i += WG) {
            u32 key = keys[i];
            if ((key & mask) == prefix) {
                ATOMIC_ADD_LOCAL_INT(&hist[(key >> shift) & 255u], 1);
            }
        }
        BARRIER();
        if (lid == 0) {
            int rem = remaining;
            int bin = kw_pick_bin(hist, &rem);
            state[0] = prefix | ((u32) bin << shift);
            state[1] = (u32) rem;
        }
        BARRIER();
        prefix = state[0];
        remaining = (int) state[1];
    }
    kw_compact(keys, n, prefix, remaining, 0, 0, 0, indices + row * k, scan, lid);
    GLOBAL float* outr = out + row * n;
    for (int i = lid; i < n; i += WG) {
        outr[i] = keys[i] ? xr[i] : 0.0f;
    }
}

/*
 * kwinners_hist(x, boost, hasBoost, groupSize, n, slices, pass, state, partial)
 *   partial[(row * slices + slice) * 256 + d] = number of keys of the slice whose bits above the
 *   digit of `pass` equal the threshold found so far (state, unread in pass 0) and whose digit is d.
 * Launch: local WG, global WG * batch * slices; work-group g: row g / slices, slice g % slices.
 */
KERNEL kwinners_hist(const GLOBAL float* x, const GLOBAL float* boost, int hasBoost, int groupSize, int n,
                     int slices, int pass, const GLOBAL u32* state, GLOBAL int* partial) {
    LOCAL int hist[256];
    int lid = LID_X;
    int row = GROUP_X / slices;
    int slice = GROUP_X - row * slices;
    int start = slice * KW_LOCAL_MAX;
    int end = start + KW_LOCAL_MAX < n ? start + KW_LOCAL_MAX : n;
    int shift = 24 - 8 * pass;
    u32 mask = kw_mask(pass);
    u32 prefix = pass == 0 ? 0u : state[row * 2];
    const GLOBAL float* xr = x + row * n;
    for (int b = lid; b < 256; b += WG) {
        hist[b] = 0;
    }
    BARRIER();
    for (int i = start + lid; i < end; i += WG) {
        u32 key = kw_row_key(xr, boost, hasBoost, groupSize, i);
        if ((key & mask) == prefix) {
            ATOMIC_ADD_LOCAL_INT(&hist[(key >> shift) & 255u], 1);
        }
    }
    BARRIER();
    for (int b = lid; b < 256; b += WG) {
        partial[(row * slices + slice) * 256 + b] = hist[b];
    }
}

/*
 * kwinners_select(partial, slices, pass, k, state)
 *   Adds the slices' histograms (in slice order) and picks the digit of `pass`; updates state.
 * Launch: local WG, global WG * batch (one work-group per row).
 */
KERNEL kwinners_select(const GLOBAL int* partial, int slices, int pass, int k, GLOBAL u32* state) {
    LOCAL int hist[256];
    int lid = LID_X;
    int row = GROUP_X;
    for (int b = lid; b < 256; b += WG) {
        int s = 0;
        for (int sl = 0; sl < slices; sl++) {
            s += partial[(row * slices + sl) * 256 + b];
        }
        hist[b] = s;
    }
    BARRIER();
    if (lid == 0) {
        u32 prefix = pass == 0 ? 0u : state[row * 2];
        int rem = pass == 0 ? k : (int) state[row * 2 + 1];
        int bin = kw_pick_bin(hist, &rem);
        state[row * 2] = prefix | ((u32) bin << (24 - 8 * pass));
        state[row * 2 + 1] = (u32) rem;
    }
}

/*
 * kwinners_count(x, boost, hasBoost, groupSize, n, slices, state, counts)
 *   counts[(row * slices + slice) * 2 + 0] = keys above the threshold in the slice, + 1 = keys equal.
 * Launch: as kwinners_hist.
 */
KERNEL kwinners_count(const GLOBAL float* x, const GLOBAL float* boost, int hasBoost, int groupSize, int n,
                      int slices, const GLOBAL u32* state, GLOBAL int* counts) {
    LOCAL int red[WG];
    int lid = LID_X;
    int row = GROUP_X / slices;
    int slice = GROUP_X - row * slices;
    int start = slice * KW_LOCAL_MAX;
    int end = start + KW_LOCAL_MAX < n ? start + KW_LOCAL_MAX : n;
    u32 threshold = state[row * 2];
    const GLOBAL float* xr = x + row * n;
    int above = 0;
    int equal = 0;
    for (int i = start + lid; i < end; i += WG) {
        u32 key = kw_row_key(xr, boost, hasBoost, groupSize, i);
        if (key > threshold) {
            above++;
        } else if (key == threshold) {
            equal++;
        }
    }
    above = wg_sum_int(red, above, lid);
    equal = wg_sum_int(red, equal, lid);
    if (lid == 0) {
        counts[(row * slices + slice) * 2] = above;
        counts[(row * slices + slice) * 2 + 1] = equal;
    }
}

/*
 * kwinners_offsets(counts, slices, batch, state, offsets)
 *   offsets[(row * slices + slice) * 2 + 0] = winners in the row's earlier slices,
 *   + 1 = threshold-equal keys in earlier slices.
 * Launch: global >= batch (any local size); one work-item per row.
 */
KERNEL kwinners_offsets(const GLOBAL int* counts, int slices, int batch, const GLOBAL u32* state,
                        GLOBAL int* offsets) {
    int row = GID_X;
    if (row >= batch) {
        return;
    }
    int needEq = (int) state[row * 2 + 1];
    int winBefore = 0;
    int eqBefore = 0;
    for (int sl = 0; sl < slices; sl++) {
        int at = (row * slices + sl) * 2;
        offsets[at] = winBefore;
        offsets[at + 1] = eqBefore;
        int equal = counts[at + 1];
        int take = needEq - eqBefore;
        take = take < 0 ? 0 : (take > equal ? equal : take);
        winBefore += counts[at] + take;
        eqBefore += equal;
    }
}

/*
 * kwinners_write(x, boost, hasBoost, groupSize, n, k, slices, state, offsets, out, indices)
 *   Writes the slice's part of out and of the row's indices.
 * Launch: as kwinners_hist.
 */
KERNEL kwinners_write(const GLOBAL float* x, const GLOBAL float* boost, int hasBoost, int groupSize, int n, int k,
                      int slices, const GLOBAL u32* state, const GLOBAL int* offsets, GLOBAL float* out,
                      GLOBAL int* indices) {
    LOCAL u32 keys[KW_LOCAL_MAX];
    LOCAL int scan[WG];
    int lid = LID_X;
    int row = GROUP_X / slices;
    int slice = GROUP_X - row * slices;
    int start = slice * KW_LOCAL_MAX;
    int len = n - start < KW_LOCAL_MAX ? n - start : KW_LOCAL_MAX;
    const GLOBAL float* xr = x + row * n;
    for (int i = lid; i < len; i += WG) {
        keys[i] = kw_row_key(xr, boost, hasBoost, groupSize, start + i);
    }
    BARRIER();
    int at = (row * slices + slice) * 2;
    kw_compact(keys, len, state[row * 2], (int) state[row * 2 + 1], offsets[at + 1], offsets[at], start,
               indices + row * k, scan, lid);
    GLOBAL float* outr = out + row * n + start;
    for (int i = lid; i < len; i += WG) {
        outr[i] = keys[i] ? xr[start + i] : 0.0f;
    }
}

/*
 * kwinners_local(x, boost, hasBoost, batch, channels, hw, k, out, indices)
 *   Local 2-d variant: at each (b, position) of x [batch, channels, hw] the k = min(k, channels)
 *   channels with the largest x * boost[c] win. The threshold is found bit by bit, from the top,
 *   as the largest key t with at least k keys >= t; then channels are taken in order.
 *   out [batch, channels, hw]; indices int [batch, k, hw].
 * Launch: global >= batch * hw (any local size); one work-item per position.
 */
KERNEL kwinners_local(const GLOBAL float* x, const GLOBAL float* boost, int hasBoost, int batch, int channels,
                      int hw, int k, GLOBAL float* out, GLOBAL int* indices) {
    int i = GID_X;
    if (i >= batch * hw) {
        return;
    }
    int b = i / hw;
    int p = i - b * hw;
    const GLOBAL float* xs = x + b * channels * hw + p;
    u32 threshold = 0u;
    for (int bit = 31; bit >= 0; bit--) {
        u32 candidate = threshold | (1u << bit);
        int count = 0;
        for (int c = 0; c < channels && count < k; c++) {
            float v = xs[c * hw];
            if (kw_key(hasBoost ? v * boost[c] : v) >= candidate) {
                count++;
            }
        }
        if (count >= k) {
            threshold = candidate;
        }
    }
    int above = 0;
    for (int c = 0; c < channels; c++) {
        float v = xs[c * hw];
        if (kw_key(hasBoost ? v * boost[c] : v) > threshold) {
            above++;
        }
    }
    int needEq = k - above;
    int j = 0;
    GLOBAL float* os = out + b * channels * hw + p;
    GLOBAL int* is = indices + b * k * hw + p;
    for (int c = 0; c < channels; c++) {
        float v = xs[c * hw];
        u32 key = kw_key(hasBoost ? v * boost[c] : v);
        int win = key > threshold;
        if (key == threshold) {
            win = needEq > 0;
            needEq--;
        }
        if (win) {
            is[j * hw] = c;
            j++;
        }
        os[c * hw] = win ? v : 0.0f;
    }
}

/*
 * kwinners_backward(dy, indices, dx, batch, n, k)
 *   dx[b, indices[b, j]] = dy[b, indices[b, j]]; dx must be zeroed first (fill_f32).
 * Launch: global >= batch * k (any local size).
 */
KERNEL kwinners_backward(const GLOBAL float* dy, const GLOBAL int* indices, GLOBAL float* dx, int batch, int n,
                         int k) {
    int i = GID_X;
    if (i >= batch * k) {
        return;
    }
    int b = i / k;
    int unit = indices[i];
    if (unit >= 0 && unit < n) {
        dx[b * n + unit] = dy[b * n + unit];
    }
}

/*
 * kwinners_local_backward(dy, indices, dx, batch, channels, hw, k)
 *   dx[b, indices[b, j, p], p] = dy[same]; dx must be zeroed first (fill_f32).
 * Launch: global >= batch * k * hw (any local size).
 */
KERNEL kwinners_local_backward(const GLOBAL float* dy, const GLOBAL int* indices, GLOBAL float* dx, int batch,
                               int channels, int hw, int k) {
    int i = GID_X;
    if (i >= batch * k * hw) {
        return;
    }
    int b = i / (k * hw);
    int p = i % hw;
    int c = indices[i];
    if (c >= 0 && c < channels) {
        int at = (b * channels + c) * hw + p;
        dx[at] = dy[at];
    }
}
