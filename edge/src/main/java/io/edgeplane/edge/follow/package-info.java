/**
 * Servers that are not the central follow it: {@link io.edgeplane.edge.follow.CentralFollower}
 * long-polls the central's {@code GET /v1/state?wait=} and hands each whole snapshot to a
 * {@link io.edgeplane.edge.follow.FollowerRegistry}, which keeps it on disk and feeds the parts
 * exactly as the central's registry feeds its own. When the central is away the node keeps
 * serving its last snapshot, also across its own restarts, and retries with backoff and jitter.
 */
package io.edgeplane.edge.follow;
