package io.edgeplane.conf.registry;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The state file exists but cannot be trusted. The registry refuses to start on it and never
 * writes over it: it may hold the only copy of changes made through the API, so what to do with
 * it is the operator's call. The message says where, what is wrong and what to do.
 */
public final class DamagedStateException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public DamagedStateException(Path file, String reason) {
        super("state file " + file + " is damaged: " + reason + ". It was left untouched. To start from the"
                + " configuration files instead, move it aside (mv " + file + " " + file + ".damaged);"
                + " revisions then count again from 1.");
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** What is wrong, without the advice, e.g. {@code does not match its SHA-256 checksum}. */
    public String reason() {
        return reason;
    }
}
