/**
 * The documentation's examples, run: every YAML block of docs/*.md through the configuration
 * loader, every offline {@code edge} command of a console block as a process.
 */
package io.edgeplane.edge.docs;
