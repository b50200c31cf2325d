package io.sparsa.nn;

import io.sparsa.backend.ops.Conv2dGeometry;
import io.sparsa.tensor.Shapes;

/** Output shapes of convolutions and pooling, with messages that name the layer. */
final class ConvShapes {
    private ConvShapes() {
    }

    /** {@code [out, outH, outW]} for a per-sample input {@code [in, H, W]}. */
    static int[] output(Layer layer, int[] input, int in, int out, Conv2dGeometry g) {
        if (input.length != 3 || input[0] != in) {
            throw new IllegalArgumentException(layer + " takes per-sample input [" + in + ", H, W], got "
                    + Shapes.format(input));
        }
        if (input[1] + 2 * g.padH() < g.kernelH() || input[2] + 2 * g.padW() < g.kernelW()) {
            throw new IllegalArgumentException(layer + ": input " + input[1] + "x" + input[2] + " with padding "
                    + g.padH() + " is smaller than the " + g.kernelH() + "x" + g.kernelW() + " kernel");
        }
        return new int[]{out, g.outH(input[1]), g.outW(input[2])};
    }
}
