package io.sparsa.backend;

/** A backend was asked for by name but cannot run here; the message carries the probe's reason. */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
