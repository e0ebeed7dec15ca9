/**
 * Log output of a running {@code edge}: java.util.logging (also behind {@link System.Logger})
 * written to stderr one line per record, so journald and {@code grep} see whole events.
 */
package io.edgeplane.edge.log;
