package io.sparsa.conformance;

import io.sparsa.backend.Backend;
import io.sparsa.backend.ops.CsrMatrix;
import io.sparsa.backend.ops.EllMatrix;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Uploads host arrays to one backend and closes every tensor it made when closed, so a
 * comparison can build the same inputs on the backend under test and on the reference without
 * leaking device memory.
 */
public final class Scope implements AutoCloseable {
    private final Backend backend;
    private final List<Tensor> owned = new ArrayList<>();

    public Scope(Backend backend) {
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }

    /** Closes {@code t} with this scope. */
    public Tensor track(Tensor t) {
        owned.add(t);
        return t;
    }

    /** A float32 tensor holding a copy of {@code data}. */
    public Tensor floats(float[] data, int... shape) {
        return track(backend.fromArray(data, shape));
    }

    /** An int32 tensor holding a copy of {@code data}. */
    public Tensor ints(int[] data, int... shape) {
        return track(backend.fromArray(data, shape));
    }

    /** A zero float32 tensor. */
    public Tensor zeros(int... shape) {
        return track(backend.zeros(DType.FLOAT32, shape));
    }

    /** A zero int32 tensor. */
    public Tensor intZeros(int... shape) {
        return track(backend.zeros(DType.INT32, shape));
    }

    /** A float32 tensor filled with {@code value} (e.g. NaN, to prove an output is overwritten). */
    public Tensor filled(float value, int... shape) {
        Tensor t = zeros(shape);
        backend.fill(t, value);
        return t;
    }

    public EllMatrix ell(TestData.EllData d) {
        return new EllMatrix(ints(d.columns(), d.rows(), d.nnz()), floats(d.values(), d.rows(), d.nnz()), d.cols());
    }

    public CsrMatrix csr(TestData.CsrData d) {
        return new CsrMatrix(ints(d.rowOffsets(), d.rows() + 1), ints(d.columns(), d.columns().length),
                floats(d.values(), d.values().length), d.cols());
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
