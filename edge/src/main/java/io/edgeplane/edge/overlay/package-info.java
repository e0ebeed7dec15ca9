/**
 * ContainerNet in a running edge: the central's slice assignment kept in the registry
 * ({@link io.edgeplane.edge.overlay.SliceAssigner}), the overlay part of a node
 * ({@link io.edgeplane.edge.overlay.OverlayAgent}) with its meters
 * ({@link io.edgeplane.edge.overlay.OverlayMeters}), and what {@code edge overlay attach | detach |
 * status} do against the control API. The tunnel itself lives in the overlay module.
 */
package io.edgeplane.edge.overlay;
