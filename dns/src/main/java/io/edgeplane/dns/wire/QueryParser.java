package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;

/**
 * Reads a client's query into a {@link Query} that outlives the packet; the reading itself is
 * {@link QueryView}'s.
 */
public final class QueryParser {

    private QueryParser() {
    }

    /** Parses the readable bytes of {@code packet} (absolute reads: its position is not moved). */
    public static Query parse(ByteBuffer packet) throws MalformedMessage {
        return new QueryView().read(packet).toQuery();
    }

    static int u16(ByteBuffer b, int offset) {
        return ((b.get(offset) & 0xff) << 8) | (b.get(offset + 1) & 0xff);
    }
}
