package io.sparsa.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensors one owner allocated, closed together, newest first (so views and later buffers go
 * before what they may depend on). Not thread-safe: one owner adds and closes.
 */
public final class OwnedTensors implements AutoCloseable {
    private final List<Tensor> tensors = new ArrayList<>();

    /** Takes ownership of {@code t} and returns it. */
    public <T extends Tensor> T add(T t) {
        tensors.add(t);
        return t;
    }

    /** Closes every owned tensor, newest first; the group can be reused afterwards. */
    @Override
    public void close() {
        for (int i = tensors.size() - 1; i >= 0; i--) {
            tensors.get(i).close();
        }
        tensors.clear();
    }
}
