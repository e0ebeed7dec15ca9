/**
 * Deploys seen from the data plane: which upstream connections each container carries now,
 * the state each container is in ({@code ready}, {@code unready}, {@code draining},
 * {@code drained}) and the clock that closes what an old container still carries once
 * {@code proxy.drain_timeout} has passed.
 */
package io.edgeplane.proxy.drain;
