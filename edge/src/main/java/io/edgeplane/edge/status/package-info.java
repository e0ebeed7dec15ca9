/**
 * {@code edge status}: what the running node serves, gathered from its control API
 * ({@link io.edgeplane.edge.status.StatusReport}) and shown as a table or JSON
 * ({@link io.edgeplane.edge.status.StatusTable}). Parts that do not exist yet (the DNS cache, the
 * overlay's peers) are shown as {@code n/a (not built)}, not left out, so scripts see the shape.
 */
package io.edgeplane.edge.status;
