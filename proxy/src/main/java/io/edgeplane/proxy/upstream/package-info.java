/**
 * Upstreams (containers as the proxy dials them), how one is chosen for a request (round-robin
 * over an immutable list, skipping those passive health has marked down), the passive health
 * state itself (nginx {@code max_fails}/{@code fail_timeout}) and the per-event-loop pools of
 * idle keep-alive connections to them.
 */
package io.edgeplane.proxy.upstream;
