package io.sparsa.nn;

/**
 * Boosting settings of a k-winners layer, as nupic.torch's: a unit's score is multiplied by
 * {@code exp((targetDensity - dutyCycle) * strength)} before the winners are chosen, so rarely
 * active units win more often; the strength is multiplied by {@code strengthFactor} at every
 * {@link KWinnersBase#updateBoostStrength()} (once per epoch).
 *
 * @param strength        initial boost strength, >= 0 (0 = no boosting)
 * @param strengthFactor  per-epoch decay of the strength, in [0, 1]
 * @param dutyCyclePeriod number of samples the duty-cycle moving average spans, >= 1
 */
public record Boosting(double strength, double strengthFactor, int dutyCyclePeriod) {
    /** nupic.torch's defaults: strength 1.0, factor 0.9, period 1000. */
    public static final Boosting DEFAULT = new Boosting(1.0, 0.9, 1000);
    /** No boosting: k-winners on the raw scores. */
    public static final Boosting NONE = new Boosting(0.0, 1.0, 1000);

    public Boosting {
        if (!(strength >= 0) || !Double.isFinite(strength)) {
            throw new IllegalArgumentException("boostStrength must be finite and >= 0, got " + strength);
        }
        if (!(strengthFactor >= 0 && strengthFactor <= 1)) {
            throw new IllegalArgumentException("boostStrengthFactor must be in [0, 1], got " + strengthFactor);
        }
        if (dutyCyclePeriod < 1) {
            throw new IllegalArgumentException("dutyCyclePeriod must be >= 1, got " + dutyCyclePeriod);
        }
    }
}
