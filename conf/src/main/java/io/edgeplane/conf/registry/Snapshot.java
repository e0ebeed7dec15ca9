package io.edgeplane.conf.registry;

import io.edgeplane.conf.model.Config;
import java.util.Objects;

/**
 * One committed configuration and its revision. Revisions only grow; revision 0 is the empty
 * configuration a registry starts from when it has no state yet.
 */
public record Snapshot(long revision, Config config) {

    public Snapshot {
        if (revision < 0) {
            throw new IllegalArgumentException("revision " + revision + " is negative");
        }
        Objects.requireNonNull(config, "config");
    }
}
