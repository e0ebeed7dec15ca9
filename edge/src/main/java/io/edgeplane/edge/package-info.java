/** The edge command, node wiring and packaging. */
package io.edgeplane.edge;
