package io.sparsa.opencl;

import static org.lwjgl.opencl.CL10.CL_SUCCESS;

/** An OpenCL call failed; the message names the call and the error code's symbolic name. */
public class ClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public ClException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The OpenCL error code (negative), or 0 when the failure has no code. */
    public int code() {
        return code;
    }

    /** Throws when {@code code} is not {@code CL_SUCCESS}. */
    static void check(int code, String call) {
        if (code != CL_SUCCESS) {
            throw new ClException(call + " failed: " + ClErrors.name(code) + " (" + code + ")", code);
        }
    }
}
