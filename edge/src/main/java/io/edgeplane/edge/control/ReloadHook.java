package io.edgeplane.edge.control;

/** {@code POST /v1/reload}: how the node re-reads its files. Called on a virtual thread. */
@FunctionalInterface
public interface ReloadHook {

    ReloadOutcome reload(String reason);
}
