/**
 * DNS messages at the byte level, for the node client's hot path: reading just enough of a
 * query to find its cache key, and answering from stored response bytes with the ID patched,
 * records rotated and TTLs counted down, without building a message object.
 */
package io.edgeplane.dns.wire;
