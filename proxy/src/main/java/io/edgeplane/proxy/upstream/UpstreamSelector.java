package io.edgeplane.proxy.upstream;

import java.util.List;

/**
 * Picks the upstream for the next request of one service. An instance is compiled with each
 * configuration snapshot (or readiness change) over an immutable list of the current version's
 * ready containers: readiness and draining choose which containers the list holds, the
 * selector never changes.
 */
public interface UpstreamSelector {

    /** Every upstream this selector may return, in a fixed order. */
    List<Upstream> upstreams();

    /**
     * The next upstream, skipping those in {@code tried} and those passive health has taken
     * out; when every untried one is out, the next untried one anyway (nginx would answer 502
     * without trying, but a lone container that failed once should not make a service dark).
     * Null when {@code tried} already holds them all.
     */
    Upstream next(List<Upstream> tried, long now);
}
