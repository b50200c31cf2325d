package io.sparsa.backend;

import io.sparsa.backend.ops.ConvOps;
import io.sparsa.backend.ops.DenseOps;
import io.sparsa.backend.ops.ElementwiseOps;
import io.sparsa.backend.ops.LossOps;
import io.sparsa.backend.ops.NormOps;
import io.sparsa.backend.ops.OptimizerOps;
import io.sparsa.backend.ops.SparseOps;
import io.sparsa.backend.ops.TensorOps;
import io.sparsa.backend.ops.WinnerOps;

/**
 * A compute backend: memory plus the closed list of primitive operations that every backend
 * implements. Layers, training and the spatial pooler are written once on top of these.
 *
 * <p>Contract shared by all operations:
 * <ul>
 *   <li>every tensor argument must be open and owned by this backend, and its dtype and shape must
 *   match the operation's documentation, else {@link IllegalArgumentException} (or
 *   {@link IllegalStateException} for a closed tensor) naming the argument, the expected and the
 *   actual value ({@link Checks} does this the same way for every backend);</li>
 *   <li>"overwritten" outputs are fully written, whatever they held before;</li>
 *   <li>operations may run asynchronously on a device; reading a tensor back to the host
 *   ({@link io.sparsa.tensor.Tensor#toFloatArray()}) waits for them.</li>
 * </ul>
 */
public interface Backend extends AutoCloseable, TensorOps, DenseOps, SparseOps, ConvOps, WinnerOps,
        ElementwiseOps, LossOps, NormOps, OptimizerOps {

    /** The provider's name: {@code cpu}, {@code opencl}, {@code cuda}, {@code reference}. */
    String name();

    /** One line on the device in use, for logs and reports. */
    String deviceDescription();

    /** Blocks until all work issued so far has finished. */
    void synchronize();

    /** Releases the backend's resources (thread pools, contexts, cached device memory). */
    @Override
    void close();
}
