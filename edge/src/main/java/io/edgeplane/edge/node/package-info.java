/**
 * A running node ({@code edge run}): the configuration files feed the registry, the registry feeds
 * the parts ({@link io.edgeplane.edge.node.NodeParts}), file changes and SIGHUP reload, SIGTERM
 * stops. Everything here is wiring; the work is done in conf, proxy, dns and overlay.
 */
package io.edgeplane.edge.node;
