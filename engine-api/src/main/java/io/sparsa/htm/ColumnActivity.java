package io.sparsa.htm;

import io.sparsa.backend.Backend;
import io.sparsa.tensor.Tensor;

/**
 * The result of one {@link SpatialPooler#compute} over a batch of B inputs. The tensors belong to
 * the pooler and stay valid until its next compute, encode, learn or close: read or copy them
 * before that.
 */
public final class ColumnActivity {
    private final Backend backend;
    private final Tensor overlaps;
    private final Tensor active;
    private final Tensor winners;
    private final Tensor winnerActive;
    /** The winners as the host computed them (local inhibition), or null. */
    private BinaryCodes hostCodes;

    ColumnActivity(Backend backend, Tensor overlaps, Tensor active, Tensor winners, Tensor winnerActive) {
        this.backend = backend;
        this.overlaps = overlaps;
        this.active = active;
        this.winners = winners;
        this.winnerActive = winnerActive;
    }

    /** Records winners chosen on the host, which {@link #codes()} then returns. */
    void hostCodes(BinaryCodes codes) {
        hostCodes = codes;
    }

    /** Number of inputs in the batch. */
    public int batch() {
        return overlaps.dim(0);
    }

    /** float32 {@code [B, columns]}: the number of connected synapses on active inputs, per column (before learning). */
    public Tensor overlaps() {
        return overlaps;
    }

    /** float32 {@code [B, columns]}: 1 at the active (winning) columns, 0 elsewhere. */
    public Tensor active() {
        return active;
    }

    /**
     * Global inhibition: int32 {@code [B, k]}, the k columns the k-winners selection picked,
     * ascending. When fewer than k columns exceed the stimulus threshold, this also lists columns
     * that did not (and are not active); {@link #codes()} lists only the active ones.
     * Local inhibition: int32 {@code [B, columns]}, each row its active columns ascending, then -1.
     */
    public Tensor winners() {
        return winners;
    }

    /** The active columns of every input, read back to the host. */
    public BinaryCodes codes() {
        if (hostCodes != null) {
            return hostCodes;
        }
        backend.gatherRows(active, winners, winnerActive);
        int[] w = winners.toIntArray();
        float[] a = winnerActive.toFloatArray();
        int rows = winners.dim(0);
        int k = winners.dim(1);
        int count = 0;
        for (float v : a) {
            if (v != 0f) {
                count++;
            }
        }
        int[] offsets = new int[rows + 1];
        int[] bits = new int[count];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                if (a[r * k + j] != 0f) {
                    bits[e++] = w[r * k + j];
                }
            }
            offsets[r + 1] = e;
        }
        return new BinaryCodes(overlaps.dim(1), offsets, bits);
    }
}
