/**
 * The {@code edge} program: {@link io.edgeplane.edge.Main} sets up logging and hands the command
 * line to the commands in {@code cli}; {@code node} wires a running node; {@code log} formats its
 * log lines.
 */
package io.edgeplane.edge;
