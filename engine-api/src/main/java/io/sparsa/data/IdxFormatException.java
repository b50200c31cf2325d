package io.sparsa.data;

import java.io.IOException;

/** An IDX file is not what it should be: wrong magic number, wrong dimensions, truncated or corrupt. */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
