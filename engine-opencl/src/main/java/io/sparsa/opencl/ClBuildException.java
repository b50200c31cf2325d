package io.sparsa.opencl;

/** An OpenCL program did not compile; the message carries the compiler's log. */
public final class ClBuildException extends ClException {
    private static final long serialVersionUID = 1L;

    private final String log;

    ClBuildException(String program, String options, int code, String log) {
        super("OpenCL program '" + program + "' failed to build (" + ClErrors.name(code) + ", options '" + options
                + "'); compiler log:\n" + log, code);
        this.log = log;
    }

    /** The compiler's build log. */
    public String log() {
        return log;
    }
}
