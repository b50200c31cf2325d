package io.sparsa.experiments.run;

/** How much of the paper a {@code reproduce} run does. */
public enum Mode {
    /** A minute or two: a smoke test of every step on a slice of the digits. */
    QUICK("quick"),
    /** The default: a representative subset in under ten minutes on two cores. */
    STANDARD("default"),
    /** Every network with the paper's settings, and the baselines, with several seeds. */
    FULL("full");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
