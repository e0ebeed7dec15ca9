/**
 * The commands of {@code edge} (SPEC §4), one class each, parsed by picocli. Commands print
 * what the user asked for and return an {@link io.edgeplane.edge.cli.ExitStatus}; the work of a
 * running node lives in {@code io.edgeplane.edge.node}.
 */
package io.edgeplane.edge.cli;
