package io.sparsa.io;

import java.io.IOException;

/** A safetensors or model file is malformed, truncated, or does not match the network it should hold. */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
