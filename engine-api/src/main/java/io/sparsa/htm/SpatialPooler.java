package io.sparsa.htm;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Checks;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.OwnedTensors;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Numenta's spatial pooler, written once on the {@link Backend} primitives so it runs on every
 * backend. Global inhibition runs wholly on the backend; local inhibition
 * ({@code globalInhibition = false}) picks the winners on the host, see {@link LocalInhibition}.
 *
 * <p><b>State.</b> Each column has a fixed potential pool ({@link PotentialPool}) held as an ELL
 * matrix: int32 inputs {@code [columns, width]} with the float32 permanences beside them, and the
 * 0/1 connected mask {@code permanence >= synPermConnected} as a second value array over the same
 * inputs. Duty cycles and boost factors are float32 {@code [columns]}; boost factors start at 1.
 *
 * <p><b>One step</b> ({@link #compute}) on binary inputs x {@code [B, inputs]}:
 * <ol>
 *   <li>overlap {@code = ellMatmul(x, connected)}: per column, the number of connected synapses on
 *   active inputs (whole numbers, exact in float32);</li>
 *   <li>global inhibition: a column is <i>eligible</i> when its overlap exceeds
 *   {@code stimulusThreshold} ({@code overlap > threshold}); the winners are the top
 *   {@code k = numActiveColumns} eligible columns by boosted overlap
 *   {@code overlap * boostFactor}, ties to the lower column index. This is one
 *   {@link io.sparsa.backend.ops.WinnerOps#kWinners kWinners} call on the score
 *   {@code eligible ? overlap : -1}: boost factors are positive, so every eligible column
 *   (score >= 1 before boosting) outranks every ineligible one (score -1), and afterwards an
 *   ineligible column that was picked to fill k (only when fewer than k are eligible) is dropped.
 *   So exactly k columns are active for every input that has at least k eligible columns, and
 *   all eligible ones otherwise. Numenta compares the <i>boosted</i> overlap with the threshold
 *   ({@code >=}) and breaks ties to the higher index; here the raw overlap must exceed it, and
 *   ties go to the lower index, as the engine's k-winners does;</li>
 *   <li>learning (when asked), in Numenta's order: the pool permanences of each active column move
 *   by {@code +synPermActiveInc} on active inputs and {@code -synPermInactiveDec} on inactive
 *   ones, clipped to [0, 1] (one {@code ellMatmulBackwardWeights} of the signed input against the
 *   active mask); when {@code stimulusThreshold > 0}, columns with fewer than
 *   {@code stimulusThreshold + 1} connected synapses get all pool permanences raised until they
 *   have that many (so every column can still exceed the threshold); the overlap and active duty
 *   cycles move ({@code dutyCycleUpdate}, period {@code min(dutyCyclePeriod, samples learned)});
 *   columns whose overlap duty cycle is below {@code minPctOverlapDutyCycle} times the largest
 *   get {@code synPermConnected / 10} added to all pool permanences; the boost factors become
 *   {@code exp((targetDensity - activeDutyCycle) * boostStrength)} with
 *   {@code targetDensity = min(k / columns, 0.5)}.</li>
 * </ol>
 *
 * <p>Boost factors weigh the overlaps with and without learning (as in htm.core), but change only
 * while learning, so a pooler that never learns is unboosted.
 *
 * <p>A batch of one input is Numenta's step, up to the differences listed below. A batch of B > 1 learns as a mini-batch: all
 * B inputs see the same permanences, their permanence changes add up, and the duty cycles take
 * the batch in one move; B may not exceed {@code dutyCyclePeriod}.
 *
 * <p>Differences from Numenta's implementation, besides those above: the weak-column threshold
 * ({@code minPctOverlapDutyCycle} times the largest overlap duty cycle) is recomputed every
 * learning step rather than every 50 steps; the duty-cycle period counts learning steps only; pools
 * and initial permanences come from this library's Philox stream, so they differ from Numenta's
 * for the same seed.
 *
 * <p><b>Local inhibition</b> replaces step 2 and the boosting and weak-column rules of step 3 by
 * their neighbourhood versions ({@link LocalInhibition}): the overlaps are read back to the host,
 * which picks the winners within each column's neighbourhood (no backend primitive selects per
 * neighbourhood) and writes the active mask back; boost targets and weak-column thresholds come
 * from neighbourhood means and maxima of the duty cycles, also on the host. The inhibition radius
 * ({@link InhibitionRadius}) is derived from the connected synapses at construction and, while
 * learning, every {@value #UPDATE_PERIOD} learning steps (Numenta's update period; it counts
 * compute calls, this counts learning steps).
 *
 * <p>Inputs must be 0/1. Not thread-safe.
 */
public final class SpatialPooler implements AutoCloseable {
    /**
     * Learning steps between updates of the inhibition radius under local inhibition (Numenta's
     * {@code updatePeriod}).
     */
    public static final int UPDATE_PERIOD = 50;
    /** Encoding batch used by {@link #encode(BinaryCodes)}. */
    public static final int DEFAULT_ENCODE_BATCH = 256;
    /**
     * Added to the permanence raise that gives a column enough connected synapses, so that float32
     * rounding of {@code p + (synPermConnected - p)} cannot leave it a hair below the threshold.
     */
    static final float RAISE_MARGIN = 1e-6f;

    private final Backend backend;
    private final SpatialPoolerConfig config;
    private final PotentialPool pool;
    private final int numInputs;
    private final int numColumns;
    private final int width;
    private final int k;
    private final int[] poolInputsHost;
    private final List<Tensor> owned = new ArrayList<>();

    private final Tensor poolInputs;
    private final Tensor permanences;
    private final Tensor connected;
    private final Tensor real;
    private final EllMatrix connectedSynapses;
    private final EllMatrix poolSynapses;
    private final Tensor overlapDutyCycles;
    private final Tensor activeDutyCycles;
    private final Tensor boostFactors;
    private final Tensor permanenceDelta;
    private final Tensor columnOnes;
    private final Tensor columnMask;
    private final Tensor columnValues;
    private final Tensor inputOnesRow;
    private final Tensor argIndex;
    private final Tensor argOne;
    private final Tensor scalar;

    /** Null under global inhibition. */
    private final LocalInhibition local;

    private ThresholdRaise raise;
    private Workspace workspace;
    private CsrMatrix connectedByInput;
    private long samplesLearned;
    private long learningSteps;
    private boolean closed;

    /** A pooler with the random pools of {@link PotentialPool#random(SpatialPoolerConfig)}. */
    public SpatialPooler(Backend backend, SpatialPoolerConfig config) {
        this(backend, config, PotentialPool.random(config));
    }

    /**
     * A pooler with the given pools and initial permanences, which must match the configuration's
     * input and column counts. When {@code stimulusThreshold > 0}, columns are raised to
     * {@code stimulusThreshold + 1} connected synapses at once, as Numenta does at initialisation.
     */
    public SpatialPooler(Backend backend, SpatialPoolerConfig config, PotentialPool pool) {
        if (backend == null || config == null || pool == null) {
            throw new IllegalArgumentException("backend, config and pool must not be null");
        }
        if (pool.numInputs() != config.numInputs() || pool.numColumns() != config.numColumns()) {
            throw new IllegalArgumentException("the potential pool covers " + pool.numInputs() + " inputs and "
                    + pool.numColumns() + " columns, but the configuration has " + config.numInputs() + " inputs and "
                    + config.numColumns() + " columns");
        }
        if (config.stimulusThreshold() > 0 && config.stimulusThreshold() + 1 > pool.minSize()) {
            throw new IllegalArgumentException("stimulusThreshold " + config.stimulusThreshold()
                    + " leaves some column unable to exceed it: the smallest potential pool has " + pool.minSize()
                    + " inputs, and a column needs stimulusThreshold + 1 connected synapses");
        }
        this.backend = backend;
        this.config = config;
        this.pool = pool;
        this.numInputs = config.numInputs();
        this.numColumns = config.numColumns();
        this.width = pool.width();
        this.k = config.numActiveColumns();
        this.poolInputsHost = pool.inputs();
        try {
            poolInputs = track(backend.fromArray(poolInputsHost, numColumns, width));
            permanences = track(backend.fromArray(pool.permanences(), numColumns, width));
            connected = track(backend.zeros(numColumns, width));
            real = pool.padded() ? track(backend.fromArray(pool.real(), numColumns, width)) : null;
            connectedSynapses = new EllMatrix(poolInputs, connected, numInputs);
            poolSynapses = new EllMatrix(poolInputs, permanences, numInputs);
            overlapDutyCycles = track(backend.zeros(numColumns));
            activeDutyCycles = track(backend.zeros(numColumns));
            boostFactors = track(ones(numColumns));
            permanenceDelta = track(backend.zeros(numColumns, width));
            columnOnes = track(ones(numColumns));
            columnMask = track(backend.zeros(numColumns));
            columnValues = track(backend.zeros(numColumns));
            inputOnesRow = track(ones(1, numInputs));
            argIndex = track(backend.zeros(DType.INT32, numColumns));
            argOne = track(backend.zeros(DType.INT32, 1));
            scalar = track(backend.zeros(1));
            if (config.stimulusThreshold() > 0) {
                raisePermanencesToThreshold();
            }
            refreshConnected();
            local = config.globalInhibition() ? null : new LocalInhibition(config, currentInhibitionRadius());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public Backend backend() {
        return backend;
    }

    public SpatialPoolerConfig config() {
        return config;
    }

    /** The pools and initial permanences this pooler started from. */
    public PotentialPool potentialPool() {
        return pool;
    }

    public int numInputs() {
        return numInputs;
    }

    public int numColumns() {
        return numColumns;
    }

    /**
     * k: the number of winners per input under global inhibition. Under local inhibition the
     * number varies with the input; this is then the configured global count, which the
     * inhibition uses only once the radius exceeds every column dimension.
     */
    public int numActiveColumns() {
        return k;
    }

    /** Whether this pooler inhibits locally ({@code globalInhibition = false}). */
    public boolean localInhibition() {
        return local != null;
    }

    /**
     * The inhibition radius in columns: under local inhibition the one of {@link InhibitionRadius}
     * (set at construction and every {@value #UPDATE_PERIOD} learning steps); under global
     * inhibition the largest column dimension, as Numenta reports it.
     */
    public int inhibitionRadius() {
        if (local != null) {
            return local.radius();
        }
        int m = 0;
        for (int d : config.columnDimensions()) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** Number of inputs learned from so far. */
    public long samplesLearned() {
        return samplesLearned;
    }

    /** Current permanences {@code [columns, width]} in {@link PotentialPool} layout (a host copy). */
    public float[] permanences() {
        return permanences.toFloatArray();
    }

    /** Current connected mask {@code [columns, width]}, 1 where permanence >= synPermConnected (a host copy). */
    public float[] connectedMask() {
        return connected.toFloatArray();
    }

    /** Number of connected synapses per column (a host copy). */
    public int[] connectedCounts() {
        float[] mask = connected.toFloatArray();
        int[] counts = new int[numColumns];
        for (int c = 0; c < numColumns; c++) {
            for (int e = c * width; e < (c + 1) * width; e++) {
                counts[c] += mask[e] != 0f ? 1 : 0;
            }
        }
        return counts;
    }

    public float[] overlapDutyCycles() {
        return overlapDutyCycles.toFloatArray();
    }

    public float[] activeDutyCycles() {
        return activeDutyCycles.toFloatArray();
    }

    public float[] boostFactors() {
        return boostFactors.toFloatArray();
    }

    /**
     * One step over a batch: overlaps, inhibition and, when {@code learn}, one learning update.
     *
     * @param input float32 {@code [B, inputs]} of 0/1 values, on this pooler's backend
     * @return the overlaps, the active columns and the winners, valid until the next call
     */
    public ColumnActivity compute(Tensor input, boolean learn) {
        checkOpen();
        Checks.rank(backend, "input", input, DType.FLOAT32, 2);
        Checks.shape(backend, "input", input, DType.FLOAT32, input.dim(0), numInputs);
        int batch = input.dim(0);
        if (learn && batch > config.dutyCyclePeriod()) {
            throw new IllegalArgumentException("a learning batch of " + batch + " inputs exceeds dutyCyclePeriod "
                    + config.dutyCyclePeriod() + "; learn in batches of at most that many");
        }
        Workspace ws = workspace(batch);
        backend.ellMatmul(input, connectedSynapses, null, ws.overlaps);
        selectWinners(ws);
        if (learn) {
            learnStep(input, ws);
        }
        return ws.activity;
    }

    /**
     * The active columns for every input, without learning, in batches of
     * {@value #DEFAULT_ENCODE_BATCH}.
     */
    public BinaryCodes encode(BinaryCodes inputs) {
        return encode(inputs, DEFAULT_ENCODE_BATCH);
    }

    /**
     * The active columns for every input, without learning. Gives the same columns as
     * {@link #compute} with {@code learn = false}, faster: the active input bits are multiplied
     * with the connected synapses transposed by input
     * ({@link io.sparsa.backend.ops.SparseOps#sparseSparseMatmul sparseSparseMatmul}), so the work
     * grows with the active inputs rather than with the whole pool.
     */
    public BinaryCodes encode(BinaryCodes inputs, int batchSize) {
        checkOpen();
        checkInputs(inputs, batchSize);
        CsrMatrix wT = connectedByInput();
        List<BinaryCodes> parts = new ArrayList<>();
        for (int from = 0; from < inputs.rows(); from += batchSize) {
            int to = Math.min(inputs.rows(), from + batchSize);
            int rows = to - from;
            int pad = Math.max(1, inputs.maxCount(from, to));
            int[] indices = new int[rows * pad];
            float[] values = new float[rows * pad];
            inputs.padded(from, to, pad, indices, values);
            Workspace ws = workspace(rows);
            try (Tensor xi = backend.fromArray(indices, rows, pad);
                 Tensor xv = backend.fromArray(values, rows, pad)) {
                backend.sparseSparseMatmul(xi, xv, wT, null, ws.overlaps);
                selectWinners(ws);
                parts.add(ws.activity.codes());
            }
        }
        return concat(numColumns, parts);
    }

    /**
     * One learning pass over {@code inputs} in order, {@code batchSize} inputs per step (1 is
     * Numenta's online learning), returning the active columns of every step.
     */
    public ActivityStats learn(BinaryCodes inputs, int batchSize) {
        checkOpen();
        checkInputs(inputs, batchSize);
        if (batchSize > config.dutyCyclePeriod()) {
            throw new IllegalArgumentException("learning batch size " + batchSize + " exceeds dutyCyclePeriod "
                    + config.dutyCyclePeriod() + "; learn in batches of at most that many");
        }
        ActivityStats stats = new ActivityStats(numColumns);
        for (int from = 0; from < inputs.rows(); from += batchSize) {
            int to = Math.min(inputs.rows(), from + batchSize);
            Workspace ws = workspace(to - from);
            ws.input().copyFrom(inputs.dense(from, to));
            stats.add(compute(ws.input(), true).codes());
        }
        return stats;
    }

    private void checkInputs(BinaryCodes inputs, int batchSize) {
        if (inputs == null || inputs.width() != numInputs) {
            throw new IllegalArgumentException("inputs must be codes of " + numInputs + " bits (the input size), got "
                    + (inputs == null ? "null" : inputs.width() + " bits"));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }

    // ---- inhibition ---------------------------------------------------------------------------

    /** Fills ws.active from ws.overlaps (see the class comment for why the -1 score is exact). */
    private void selectWinners(Workspace ws) {
        if (local != null) {
            selectLocalWinners(ws);
            return;
        }
        // overlaps are whole numbers, so "overlap > threshold" is "overlap >= threshold + 0.5"
        backend.greaterEqual(ws.overlaps, config.stimulusThreshold() + 0.5f, ws.eligible);
        // score = eligible ? overlap : -1, computed as (overlap + 1) * eligible - 1
        backend.copy(ws.overlaps, ws.scores);
        backend.axpy(1f, ws.ones, ws.scores);
        backend.mul(ws.scores, ws.eligible, ws.scores);
        backend.axpy(-1f, ws.ones, ws.scores);
        backend.kWinners(ws.scores, config.boostStrength() == 0f ? null : boostFactors, k, ws.picked, ws.winners);
        // picked holds the score at the k picked columns: >= 1 when eligible, -1 when not
        backend.greaterEqual(ws.picked, 0.5f, ws.active);
    }

    /** Local inhibition: the overlaps go to the host, the winners come back (see {@link LocalInhibition}). */
    private void selectLocalWinners(Workspace ws) {
        float[] overlaps = ws.overlaps.toFloatArray();
        float[] boosts = config.boostStrength() == 0f ? null : boostFactors.toFloatArray();
        float[] active = new float[ws.batch * numColumns];
        int[] winners = new int[ws.batch * numColumns];
        BinaryCodes codes = local.select(overlaps, boosts, ws.batch, active, winners);
        ws.active.copyFrom(active);
        ws.winners.copyFrom(winners);
        ws.activity.hostCodes(codes);
    }

    /** The radius {@link InhibitionRadius} derives from the current connected synapses. */
    private int currentInhibitionRadius() {
        return InhibitionRadius.of(connected.toFloatArray(), poolInputsHost, width, config.inputDimensions(),
                config.columnDimensions());
    }

    // ---- learning -----------------------------------------------------------------------------

    private void learnStep(Tensor input, Workspace ws) {
        int batch = input.dim(0);
        samplesLearned += batch;
        learningSteps++;
        int period = (int) Math.min(config.dutyCyclePeriod(), samplesLearned);
        boolean changed = false;
        if (config.learnsPermanences()) {
            adaptSynapses(input, ws);
            // A column that won one input had more than stimulusThreshold connected synapses on
            // active inputs, and those only grow, so a single-input step never needs the raise;
            // in a mini-batch the other inputs' decrements may take them below.
            if (config.stimulusThreshold() > 0 && batch > 1) {
                raisePermanencesToThreshold();
            }
            changed = true;
        }
        backend.dutyCycleUpdate(ws.overlaps, overlapDutyCycles, period);
        backend.dutyCycleUpdate(ws.active, activeDutyCycles, period);
        changed |= local != null ? bumpUpLocallyWeakColumns() : bumpUpWeakColumns();
        if (config.boostStrength() != 0f) {
            if (local != null) {
                updateLocalBoostFactors();
            } else {
                backend.boostFactors(activeDutyCycles, config.targetDensity(), config.boostStrength(), boostFactors);
            }
        }
        if (changed) {
            refreshConnected();
        }
        if (local != null && learningSteps % UPDATE_PERIOD == 0) {
            local.radius(currentInhibitionRadius());
        }
    }

    /** Local boosting: each column aims at the mean active duty cycle of its neighbourhood (host-side). */
    private void updateLocalBoostFactors() {
        float[] duty = activeDutyCycles.toFloatArray();
        float[] target = local.targetDensities(duty);
        float[] boost = new float[numColumns];
        for (int c = 0; c < numColumns; c++) {
            boost[c] = (float) Math.exp((target[c] - duty[c]) * config.boostStrength());
        }
        boostFactors.copyFrom(boost);
    }

    /**
     * Local weak columns: overlap duty cycle below minPctOverlapDutyCycle x the largest in the
     * column's neighbourhood (host-side). Returns whether any column was bumped.
     */
    private boolean bumpUpLocallyWeakColumns() {
        if (config.minPctOverlapDutyCycle() == 0f) {
            return false;
        }
        float[] duty = overlapDutyCycles.toFloatArray();
        float[] min = local.minOverlapDutyCycles(duty, config.minPctOverlapDutyCycle());
        float[] weak = new float[numColumns];
        boolean any = false;
        for (int c = 0; c < numColumns; c++) {
            if (duty[c] < min[c]) {
                weak[c] = 1f;
                any = true;
            }
        }
        if (!any) {
            return false;
        }
        columnValues.copyFrom(weak);
        addPerColumn(columnValues, config.synPermBelowStimulusInc());
        return true;
    }

    /** Active columns' pool permanences: +inc on active inputs, -dec on inactive ones, clipped. */
    private void adaptSynapses(Tensor input, Workspace ws) {
        Tensor signed = ws.inputDelta();
        // signed = inc * x - dec * (1 - x), built so that each entry is exactly inc or -dec
        backend.copy(ws.inputOnes(), signed);
        backend.axpy(-1f, input, signed);
        backend.scale(-config.synPermInactiveDec(), signed);
        backend.axpy(config.synPermActiveInc(), input, signed);
        // delta[c, e] = sum over the batch of active[b, c] * signed[b, input of entry e]
        backend.ellMatmulBackwardWeights(signed, ws.active, poolSynapses, permanenceDelta);
        backend.axpy(1f, permanenceDelta, permanences);
        clipPermanences();
    }

    /**
     * Columns whose overlap duty cycle is below minPctOverlapDutyCycle x the largest get
     * synPermConnected / 10 on every pool permanence. Returns whether any column was bumped.
     */
    private boolean bumpUpWeakColumns() {
        if (config.minPctOverlapDutyCycle() == 0f) {
            return false;
        }
        Tensor dutyRow = overlapDutyCycles.reshape(1, numColumns);
        backend.argmaxRows(dutyRow, argOne);
        backend.gatherRows(dutyRow, argOne.reshape(1, 1), scalar.reshape(1, 1));
        float maxDuty = scalar.toFloatArray()[0];
        if (!(maxDuty > 0f)) {
            return false;
        }
        float minDuty = config.minPctOverlapDutyCycle() * maxDuty;
        // weak = 1 - (duty >= minDuty)
        backend.greaterEqual(overlapDutyCycles, minDuty, columnMask);
        backend.copy(columnOnes, columnValues);
        backend.axpy(-1f, columnMask, columnValues);
        if (countOnes(columnValues) == 0) {
            return false;
        }
        addPerColumn(columnValues, config.synPermBelowStimulusInc());
        return true;
    }

    /**
     * Gives every column at least stimulusThreshold + 1 connected synapses (Numenta raises to
     * stimulusThreshold; here a column must exceed it, hence one more): when its
     * (threshold + 1)-th largest permanence p is below synPermConnected, all its pool permanences
     * rise by {@code synPermConnected - p} (plus {@link #RAISE_MARGIN}), clipped at 1.
     */
    private void raisePermanencesToThreshold() {
        if (raise == null) {
            raise = new ThresholdRaise(Math.min(config.stimulusThreshold() + 1, width));
        }
        int r = raise.rank;
        backend.kWinners(permanences, null, r, raise.picked, raise.indices);
        backend.gatherRows(permanences, raise.indices, raise.values);
        // the r-th largest is the smallest of the top r: -max(-values)
        backend.scale(-1f, raise.values);
        backend.argmaxRows(raise.values, argIndex);
        Tensor rth = columnValues.reshape(numColumns, 1);
        backend.gatherRows(raise.values, argIndex.reshape(numColumns, 1), rth);
        backend.scale(-1f, rth);
        // below = 1 - (rth >= connected)
        backend.greaterEqual(columnValues, config.synPermConnected(), columnMask);
        Tensor below = raise.below;
        backend.copy(columnOnes, below);
        backend.axpy(-1f, columnMask, below);
        if (countOnes(below) == 0) {
            return;
        }
        // need = below * (connected + margin - rth)
        backend.scale(-1f, columnValues);
        backend.axpy(config.synPermConnected() + RAISE_MARGIN, columnOnes, columnValues);
        backend.mul(columnValues, below, columnValues);
        addPerColumn(columnValues, 1f);
    }

    /** permanences[c, e] += alpha * perColumn[c] on every pool entry, then clip. */
    private void addPerColumn(Tensor perColumn, float alpha) {
        // broadcast over each column's pool: dValues[c, e] = perColumn[c] * 1
        backend.ellMatmulBackwardWeights(inputOnesRow, perColumn.reshape(1, numColumns), poolSynapses, permanenceDelta);
        backend.axpy(alpha, permanenceDelta, permanences);
        clipPermanences();
    }

    private void clipPermanences() {
        backend.clamp(permanences, 0f, 1f);
        if (real != null) {
            backend.mul(permanences, real, permanences);
        }
    }

    private void refreshConnected() {
        backend.greaterEqual(permanences, config.synPermConnected(), connected);
        connectedByInput = closeCsr(connectedByInput);
    }

    /** Number of ones in a 0/1 column vector, via one sum read back to the host. */
    private int countOnes(Tensor columnVector) {
        backend.sumRows(columnVector.reshape(numColumns, 1), scalar);
        return Math.round(scalar.toFloatArray()[0]);
    }

    // ---- encoding -----------------------------------------------------------------------------

    /**
     * The connected synapses transposed: row i lists the columns input i is connected to. Rows
     * {@code numInputs .. 2 * numInputs - 1} are empty: the padding of {@link BinaryCodes#padded}
     * points there.
     */
    private CsrMatrix connectedByInput() {
        if (connectedByInput == null) {
            float[] mask = connected.toFloatArray();
            int rows = 2 * numInputs;
            int[] offsets = new int[rows + 1];
            for (int e = 0; e < mask.length; e++) {
                if (mask[e] != 0f) {
                    offsets[poolInputsHost[e] + 1]++;
                }
            }
            for (int i = 0; i < rows; i++) {
                offsets[i + 1] += offsets[i];
            }
            int nnz = offsets[rows];
            int[] columns = new int[nnz];
            int[] fill = offsets.clone();
            // columns ascend within each row because entries are visited column by column
            for (int e = 0; e < mask.length; e++) {
                if (mask[e] != 0f) {
                    columns[fill[poolInputsHost[e]]++] = e / width;
                }
            }
            float[] ones = new float[nnz];
            java.util.Arrays.fill(ones, 1f);
            Tensor ro = backend.fromArray(offsets, rows + 1);
            Tensor co = null;
            Tensor va = null;
            try {
                co = backend.fromArray(columns, nnz);
                va = backend.fromArray(ones, nnz);
                connectedByInput = new CsrMatrix(ro, co, va, numColumns);
            } catch (RuntimeException e) {
                ro.close();
                if (co != null) {
                    co.close();
                }
                throw e;
            }
        }
        return connectedByInput;
    }

    private static CsrMatrix closeCsr(CsrMatrix m) {
        if (m != null) {
            m.rowOffsets().close();
            m.columns().close();
            m.values().close();
        }
        return null;
    }

    static BinaryCodes concat(int width, List<BinaryCodes> parts) {
        int rows = 0;
        int bits = 0;
        for (BinaryCodes p : parts) {
            rows += p.rows();
            bits += p.totalBits();
        }
        int[] offsets = new int[rows + 1];
        int[] all = new int[bits];
        int r = 0;
        int e = 0;
        for (BinaryCodes p : parts) {
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.count(i); j++) {
                    all[e++] = p.bit(i, j);
                }
                offsets[++r] = e;
            }
        }
        return new BinaryCodes(width, offsets, all);
    }

    // ---- memory -------------------------------------------------------------------------------

    private Tensor ones(int... shape) {
        Tensor t = backend.zeros(shape);
        backend.fill(t, 1f);
        return t;
    }

    private Tensor track(Tensor t) {
        owned.add(t);
        return t;
    }

    private Workspace workspace(int batch) {
        if (workspace == null || workspace.batch != batch) {
            if (workspace != null) {
                workspace.close();
            }
            workspace = null;
            workspace = new Workspace(batch);
        }
        return workspace;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this spatial pooler has been closed");
        }
    }

    /** Frees every tensor of the pooler. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (workspace != null) {
            workspace.close();
        }
        connectedByInput = closeCsr(connectedByInput);
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }

    /** Per-batch-size buffers of one step. */
    private final class Workspace implements AutoCloseable {
        final int batch;
        final OwnedTensors tensors = new OwnedTensors();
        final Tensor overlaps;
        final Tensor eligible;
        final Tensor scores;
        final Tensor ones;
        final Tensor picked;
        final Tensor active;
        final Tensor winners;
        final Tensor winnerActive;
        final ColumnActivity activity;
        private Tensor input;
        private Tensor inputOnes;
        private Tensor inputDelta;

        Workspace(int batch) {
            this.batch = batch;
            try {
                overlaps = add(backend.zeros(batch, numColumns));
                eligible = add(backend.zeros(batch, numColumns));
                scores = add(backend.zeros(batch, numColumns));
                ones = add(ones(batch, numColumns));
                picked = add(backend.zeros(batch, numColumns));
                active = add(backend.zeros(batch, numColumns));
                // local inhibition lists each row's winners, then -1, over all the columns
                winners = add(backend.zeros(DType.INT32, batch, local != null ? numColumns : k));
                winnerActive = add(backend.zeros(batch, k));
                activity = new ColumnActivity(backend, overlaps, active, winners, winnerActive);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        Tensor input() {
            if (input == null) {
                input = add(backend.zeros(batch, numInputs));
            }
            return input;
        }

        Tensor inputOnes() {
            if (inputOnes == null) {
                inputOnes = add(ones(batch, numInputs));
            }
            return inputOnes;
        }

        Tensor inputDelta() {
            if (inputDelta == null) {
                inputDelta = add(backend.zeros(batch, numInputs));
            }
            return inputDelta;
        }

        private Tensor add(Tensor t) {
            return tensors.add(t);
        }

        @Override
        public void close() {
            tensors.close();
        }
    }

    /** Buffers of the raise to stimulusThreshold + 1 connected synapses (freed with the pooler). */
    private final class ThresholdRaise {
        final int rank;
        final Tensor picked;
        final Tensor indices;
        final Tensor values;
        final Tensor below;

        ThresholdRaise(int rank) {
            this.rank = rank;
            picked = track(backend.zeros(numColumns, width));
            indices = track(backend.zeros(DType.INT32, numColumns, rank));
            values = track(backend.zeros(numColumns, rank));
            below = track(backend.zeros(numColumns));
        }
    }
}
