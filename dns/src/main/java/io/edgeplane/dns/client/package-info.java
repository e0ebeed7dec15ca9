/**
 * The node client every server runs on {@code dns.listen}: zone names asked of the central with
 * the caller in an ECS option and cached by the scope it returns, other names forwarded to the
 * upstream resolvers; answers served from wire bytes, stale ones while the central is away.
 */
package io.edgeplane.dns.client;
