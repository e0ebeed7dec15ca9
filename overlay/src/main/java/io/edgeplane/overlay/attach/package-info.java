/**
 * {@code edge overlay attach | detach}: plugging a container's network namespace into the
 * server's overlay with a veth pair, an address of the server's slice, routes and a resolv.conf.
 */
package io.edgeplane.overlay.attach;
