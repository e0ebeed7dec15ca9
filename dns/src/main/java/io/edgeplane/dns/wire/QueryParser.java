package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;

/**
 * Reads a client's query: header, the one question and the OPT record if any. Anything else
 * in the packet is skipped. Bounds are checked on every read so any byte string is safe input.
 */
public final class QueryParser {

    private QueryParser() {
    }

    /** Parses the readable bytes of {@code packet} (absolute reads: its position is not moved). */
    public static Query parse(ByteBuffer packet) throws MalformedMessage {
        int base = packet.position();
        int limit = packet.limit();
        if (limit - base < DnsHeader.LENGTH) {
            throw new MalformedMessage("shorter than a header", false);
        }
        int flags = u16(packet, base + DnsHeader.FLAGS);
        if ((flags & DnsHeader.QR) != 0) {
            throw new MalformedMessage("a response, not a query", false);
        }
        int id = u16(packet, base + DnsHeader.ID);
        if (u16(packet, base + DnsHeader.QDCOUNT) != 1) {
            throw new MalformedMessage("not exactly one question", true);
        }
        int qStart = base + DnsHeader.LENGTH;
        int nameEnd = uncompressedNameEnd(packet, qStart, limit);
        if (nameEnd + 4 > limit) {
            throw new MalformedMessage("question runs past the end", true);
        }
        int type = u16(packet, nameEnd);
        int dnsClass = u16(packet, nameEnd + 2);
        int qEnd = nameEnd + 4;
        byte[] question = new byte[qEnd - qStart];
        packet.get(qStart, question);
        byte[] name = WireNames.lowerCase(java.util.Arrays.copyOf(question, nameEnd - qStart));

        int udpSize = 0;
        int ednsVersion = 0;
        int records = u16(packet, base + DnsHeader.ANCOUNT) + u16(packet, base + DnsHeader.NSCOUNT);
        int additional = u16(packet, base + DnsHeader.ARCOUNT);
        int p = qEnd;
        for (int i = 0; i < records + additional; i++) {
            int owner = p;
            p = WireNames.skip(packet, p, limit, true);
            if (p + 10 > limit) {
                throw new MalformedMessage("record runs past the end", true);
            }
            int rrType = u16(packet, p);
            int rdLength = u16(packet, p + 8);
            if (i >= records && rrType == DnsHeader.TYPE_OPT) {
                if (udpSize != 0 || packet.get(owner) != 0) {
                    throw new MalformedMessage("a second OPT, or one not at the root", true);
                }
                // A client advertising less than 512 still gets 512 (RFC 6891 §6.2.5).
                udpSize = Math.max(DnsHeader.CLASSIC_UDP_SIZE, u16(packet, p + 2));
                ednsVersion = packet.get(p + 5) & 0xff;
            }
            p += 10 + rdLength;
            if (p > limit) {
                throw new MalformedMessage("record data runs past the end", true);
            }
        }
        return new Query(id, flags, question, name, type, dnsClass, udpSize, ednsVersion);
    }

    private static int uncompressedNameEnd(ByteBuffer b, int offset, int limit) throws MalformedMessage {
        int p = offset;
        while (true) {
            if (p >= limit) {
                throw new MalformedMessage("name runs past the end", true);
            }
            int len = b.get(p) & 0xff;
            if (len == 0) {
                return p + 1;
            }
            if ((len & 0xc0) != 0) {
                // Nothing precedes the question, so a pointer there can only be garbage.
                throw new MalformedMessage("compressed or unknown label in the question", true);
            }
            p += 1 + len;
            if (p - offset >= WireNames.MAX_NAME) {
                throw new MalformedMessage("name longer than 255 bytes", true);
            }
        }
    }

    static int u16(ByteBuffer b, int offset) {
        return ((b.get(offset) & 0xff) << 8) | (b.get(offset + 1) & 0xff);
    }
}
