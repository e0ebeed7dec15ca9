/**
 * {@code edge demo}: a whole application on one machine with no files to write. Demo containers
 * are small servers inside the same JVM, each on its own loopback address so ElasticDNS answers
 * tell them apart; the node is the real {@code edge run} ({@link io.edgeplane.edge.node.Node}) on
 * a configuration written to a temporary directory; deploys go through the control API, as an
 * orchestrator's would. {@link io.edgeplane.edge.demo.Demo} ties them together.
 */
package io.edgeplane.edge.demo;
