package io.sparsa.data;

import java.io.IOException;

/** A dataset asked for by name or directory is not there; the message says where it looked and how to get it. */
public class DatasetNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
