package io.edgeplane.dns.client;

import io.edgeplane.dns.wire.WireAnswer;

/** An answer fetched from the central or an upstream, with the ECS scope it is valid for. */
record Fetched(WireAnswer answer, int scope) {
}
