/**
 * {@code edge status}: what the running node serves, gathered from its control API
 * ({@link io.edgeplane.edge.status.StatusReport}) and shown as a table or JSON
 * ({@link io.edgeplane.edge.status.StatusTable}). The DNS cache figures are read from
 * {@code /metrics}, the same numbers a scraper sees; a part this server does not run (no DNS
 * client, no ContainerNet) is shown as such, not left out, so scripts see the shape.
 */
package io.edgeplane.edge.status;
