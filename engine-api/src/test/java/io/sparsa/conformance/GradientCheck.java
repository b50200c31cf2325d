package io.sparsa.conformance;

import io.sparsa.backend.Backend;
import io.sparsa.nn.Parameter;
import io.sparsa.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Compares a backward pass with central finite differences. The scalar checked is
 * {@code L = sum_i r_i * y_i} for a fixed random {@code r}, accumulated in double precision on the
 * host, so {@code dL/dy = r} is what the backward pass receives. For each sampled coordinate of
 * the input and of every parameter, the numeric derivative {@code (L(v + h) - L(v - h)) / 2h} is
 * the expected value and the analytic gradient the actual one, compared with one
 * {@link Tolerance}.
 *
 * <p>Where a function is only piecewise smooth (ReLU, max, k-winners inside a network), a
 * coordinate whose estimates with steps {@code h} and {@code h / 2} disagree sits on a kink and is
 * skipped; {@code maxKinkFraction} bounds how many may be. Checks of single layers build inputs
 * away from every kink and allow none.
 */
public final class GradientCheck {
    /** The function under test: forward and backward of a layer or network. */
    public interface Subject {
        /** Runs the forward pass on {@code x}; the result is read, not kept. */
        Tensor forward(Tensor x);

        /** Runs the backward pass for {@code dy}; returns the input gradient (or null if not wanted). */
        Tensor backward(Tensor dy);

        /** The parameters whose gradients are checked. */
        List<Parameter> parameters();
    }

    private final Backend backend;
    private final TestData data;
    private final Tolerance tolerance;
    private final int samplesPerTensor;

    /**
     * @param samplesPerTensor coordinates checked per tensor (all of them when the tensor is smaller)
     */
    public GradientCheck(Backend backend, TestData data, Tolerance tolerance, int samplesPerTensor) {
        this.backend = backend;
        this.data = data;
        this.tolerance = tolerance;
        this.samplesPerTensor = samplesPerTensor;
    }

    /**
     * Checks input and parameter gradients of {@code subject} at input {@code x} of {@code shape}.
     *
     * @param step            the finite-difference step h
     * @param beforeForward   run before every forward (to replay random state such as dropout); may be null
     * @param checkInput      whether to check the input gradient
     * @param maxKinkFraction the largest fraction of coordinates that may be skipped as kinks
     */
    public void check(String what, Subject subject, float[] x, int[] shape, double step, Runnable beforeForward,
                      boolean checkInput, double maxKinkFraction) {
        Runnable before = beforeForward == null ? () -> { } : beforeForward;
        try (Tensor input = backend.fromArray(x.clone(), shape)) {
            before.run();
            Tensor y = subject.forward(input);
            int[] yShape = y.shape();
            float[] r = data.signed(y.size());
            float[] analyticInput;
            List<float[]> analyticParams = new ArrayList<>();
            try (Tensor dy = backend.fromArray(r, yShape)) {
                Tensor dx = subject.backward(dy);
                analyticInput = checkInput ? dx.toFloatArray() : null;
                for (Parameter p : subject.parameters()) {
                    analyticParams.add(p.grad().toFloatArray());
                }
            }
            DoubleSupplier loss = () -> {
                before.run();
                float[] out = subject.forward(input).toFloatArray();
                double sum = 0;
                for (int i = 0; i < out.length; i++) {
                    sum += (double) r[i] * out[i];
                }
                return sum;
            };
            List<String> failures = new ArrayList<>();
            int[] kinks = new int[2];
            if (checkInput) {
                compare(what + " d/dinput", input, x, analyticInput, loss, step, maxKinkFraction > 0, failures, kinks);
            }
            List<Parameter> params = subject.parameters();
            for (int p = 0; p < params.size(); p++) {
                Tensor value = params.get(p).value();
                compare(what + " d/d" + params.get(p).name(), value, value.toFloatArray(), analyticParams.get(p), loss,
                        step, maxKinkFraction > 0, failures, kinks);
            }
            if (kinks[0] > 0) {
                System.out.println(what + ": " + kinks[0] + " of " + kinks[1] + " sampled coordinates skipped as kinks");
            }
            if (kinks[0] > maxKinkFraction * kinks[1]) {
                failures.add(what + ": " + kinks[0] + " of " + kinks[1] + " sampled coordinates are not smooth at step "
                        + step + " (at most " + (int) (maxKinkFraction * kinks[1]) + " allowed)");
            }
            if (!failures.isEmpty()) {
                String text = String.join("\n", failures);
                System.out.println("MISMATCH " + text);
                throw new AssertionError(text);
            }
        }
    }

    /** Compares one tensor's sampled coordinates; adds skipped kinks and sampled coordinates to {@code kinks}. */
    private void compare(String what, Tensor target, float[] base, float[] analytic, DoubleSupplier loss, double h,
                         boolean oneSidedTest, List<String> failures, int[] kinks) {
        int[] coords = sample(base.length);
        float[] expected = new float[coords.length];
        float[] actual = new float[coords.length];
        int kept = 0;
        float[] v = base.clone();
        double center = oneSidedTest ? loss.getAsDouble() : Double.NaN;
        for (int c : coords) {
            double[] up = new double[1];
            double full = derivative(target, v, c, h, loss, up);
            double half = derivative(target, v, c, h / 2, loss, null);
            boolean kink = !tolerance.accepts(full, half);
            if (!kink && oneSidedTest) {
                // A kink closer than h/2 biases both central estimates alike; one-sided differences
                // on either side of it disagree by about the change of slope.
                double forward = (up[0] - center) / h;
                double backward = 2 * full - forward;
                kink = !tolerance.accepts(forward, backward);
            }
            if (kink) {
                kinks[0]++;
                continue;
            }
            expected[kept] = (float) full;
            actual[kept] = analytic[c];
            kept++;
        }
        kinks[1] += coords.length;
        target.copyFrom(base);
        Tolerance.Report report = tolerance.compare(what + " (numeric vs analytic, " + kept + " coordinates)",
                java.util.Arrays.copyOf(expected, kept), java.util.Arrays.copyOf(actual, kept));
        if (!report.ok()) {
            failures.add(report.describe());
        }
    }

    /** The central difference at coordinate c; {@code upOut[0]} (if given) receives L(v + h). */
    private static double derivative(Tensor target, float[] v, int c, double h, DoubleSupplier loss, double[] upOut) {
        float original = v[c];
        v[c] = (float) (original + h);
        double upStep = (double) v[c] - original;
        target.copyFrom(v);
        double up = loss.getAsDouble();
        if (upOut != null) {
            upOut[0] = up;
        }
        v[c] = (float) (original - h);
        double downStep = original - (double) v[c];
        target.copyFrom(v);
        double down = loss.getAsDouble();
        v[c] = original;
        target.copyFrom(v);
        // The float steps are not exactly h; dividing by the steps actually taken removes that error.
        return (up - down) / (upStep + downStep);
    }

    private int[] sample(int n) {
        if (n <= samplesPerTensor) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        return data.distinctSorted(samplesPerTensor, n);
    }
}
