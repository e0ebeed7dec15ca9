package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;

/**
 * Responses with no records, made straight from the query: errors (FORMERR, SERVFAIL,
 * REFUSED, NOTIMP) and the truncated answer that sends a client to TCP.
 */
public final class ShortResponses {

    private ShortResponses() {
    }

    /**
     * An answer with the question echoed, no records, and an OPT if the client used EDNS.
     * Extended rcodes (BADVERS = 16) put their upper bits in the OPT.
     */
    public static byte[] of(Query q, int rcode, boolean truncated) {
        int length = DnsHeader.LENGTH + q.question().length + (q.edns() ? DnsHeader.OPT_LENGTH : 0);
        ByteBuffer out = ByteBuffer.allocate(length);
        int flags = DnsHeader.QR | (q.flags() & (DnsHeader.OPCODE_MASK | DnsHeader.RD)) | DnsHeader.RA | (rcode & 0xf);
        if (truncated) {
            flags |= DnsHeader.TC;
        }
        out.putShort((short) q.id()).putShort((short) flags).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) (q.edns() ? 1 : 0));
        out.put(q.question());
        if (q.edns()) {
            putOpt(out, rcode >>> 4);
        }
        return out.array();
    }

    /**
     * FORMERR for a query whose question could not be read: only the header (ID and opcode
     * kept) goes back. Null when the packet is too short even for that.
     */
    public static byte[] formErr(ByteBuffer packet) {
        int base = packet.position();
        if (packet.limit() - base < DnsHeader.LENGTH) {
            return null;
        }
        int flags = QueryParser.u16(packet, base + DnsHeader.FLAGS);
        ByteBuffer out = ByteBuffer.allocate(DnsHeader.LENGTH);
        out.putShort((short) QueryParser.u16(packet, base))
                .putShort((short) (DnsHeader.QR | (flags & (DnsHeader.OPCODE_MASK | DnsHeader.RD)) | 1));
        return out.array();
    }

    /** An OPT record advertising {@link DnsHeader#ADVERTISED_UDP_SIZE}, version 0, no flags. */
    static void putOpt(ByteBuffer out) {
        putOpt(out, 0);
    }

    private static void putOpt(ByteBuffer out, int extendedRcode) {
        out.put((byte) 0).putShort((short) DnsHeader.TYPE_OPT).putShort((short) DnsHeader.ADVERTISED_UDP_SIZE)
                .putInt(extendedRcode << 24).putShort((short) 0);
    }
}
