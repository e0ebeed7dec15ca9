/**
 * The load generator behind {@code perf/load-test.sh}: closed-loop HTTP/1.1 or DNS-over-UDP load
 * at a fixed concurrency against any running edge, recording every request's latency and outcome
 * into per-second buckets and into before/during/after phases of an optional deploy command.
 */
package io.edgeplane.perf.load;
