package io.edgeplane.conf.registry;

import io.edgeplane.conf.Problem;
import java.util.List;

/**
 * What became of a proposed configuration. Every variant carries the snapshot that is current
 * once the call returns, so a caller can always say which revision it is serving.
 */
public sealed interface ApplyResult {

    /** The snapshot current after the call. */
    Snapshot snapshot();

    /** Committed as a new revision, durably, before this result was returned. */
    record Applied(Snapshot previous, Snapshot snapshot, Change change) implements ApplyResult {
    }

    /** Equal to the current configuration: nothing written, no new revision. */
    record Unchanged(Snapshot snapshot) implements ApplyResult {
    }

    /** Invalid: the current snapshot stays; {@code errors} says why, located where known. */
    record Rejected(Snapshot snapshot, List<Problem> errors) implements ApplyResult {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }
}
