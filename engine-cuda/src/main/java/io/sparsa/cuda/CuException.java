package io.sparsa.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver or cuBLAS call failed; the message names the call and the error. */
public final class CuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int result;

    CuException(String message, int result) {
        super(message);
        this.result = result;
    }

    /** The {@code CUresult} (or cuBLAS status) code. */
    public int result() {
        return result;
    }

    /** Throws unless a driver call returned {@code CUDA_SUCCESS}. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CuException(call + " failed: " + CUresult.stringFor(result) + " (" + result + ")", result);
        }
    }
}
