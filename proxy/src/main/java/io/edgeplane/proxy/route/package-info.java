/**
 * The compiled, read-only routing structure: port, then host name (nginx {@code server_name}
 * precedence), then the service's upstreams of its current version. A {@link
 * io.edgeplane.proxy.route.RouteTable} is built once per configuration snapshot and published
 * with one volatile write; request threads only read it.
 */
package io.edgeplane.proxy.route;
