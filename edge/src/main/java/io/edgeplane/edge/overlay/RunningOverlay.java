package io.edgeplane.edge.overlay;

import java.util.Map;

/**
 * The overlay agent of this process, for the control API's {@code GET /v1/overlay}. A seam
 * rather than a constructor argument: the control API is wired from a record the other parts
 * share, and there is one node per process, so one published reference is enough.
 */
public final class RunningOverlay {

    private static volatile OverlayAgent agent;

    private RunningOverlay() {
    }

    static void publish(OverlayAgent running) {
        agent = running;
    }

    static void withdraw(OverlayAgent stopping) {
        if (agent == stopping) {
            agent = null;
        }
    }

    /** The status as JSON-ready maps, or null when ContainerNet does not run in this process. */
    public static Map<String, Object> statusJson() {
        OverlayAgent a = agent;
        OverlayReport report = a == null ? null : a.report();
        return report == null ? null : report.toJson();
    }
}
