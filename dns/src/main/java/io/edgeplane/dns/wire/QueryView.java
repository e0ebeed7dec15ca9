package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;

/**
 * A query read in place: the header fields and where the question sits in the packet, without
 * copying anything. Reusable (one per event loop) and valid only while the packet is; the one
 * parser of client queries ({@link QueryParser} copies a view out into a {@link Query}).
 * Bounds are checked on every read so any byte string is safe input.
 */
public final class QueryView implements Asked {

    private ByteBuffer packet;
    private int id;
    private int flags;
    private int questionStart;
    private int nameEnd;
    private int type;
    private int dnsClass;
    private int udpSize;
    private int ednsVersion;

    /** Reads the readable bytes of {@code packet} (absolute reads: its position is not moved). */
    public QueryView read(ByteBuffer packet) throws MalformedMessage {
        this.packet = packet;
        int base = packet.position();
        int limit = packet.limit();
        if (limit - base < DnsHeader.LENGTH) {
            throw new MalformedMessage("shorter than a header", false);
        }
        flags = QueryParser.u16(packet, base + DnsHeader.FLAGS);
        if ((flags & DnsHeader.QR) != 0) {
            throw new MalformedMessage("a response, not a query", false);
        }
        id = QueryParser.u16(packet, base + DnsHeader.ID);
        if (QueryParser.u16(packet, base + DnsHeader.QDCOUNT) != 1) {
            throw new MalformedMessage("not exactly one question", true);
        }
        questionStart = base + DnsHeader.LENGTH;
        nameEnd = uncompressedNameEnd(packet, questionStart, limit);
        if (nameEnd + 4 > limit) {
            throw new MalformedMessage("question runs past the end", true);
        }
        type = QueryParser.u16(packet, nameEnd);
        dnsClass = QueryParser.u16(packet, nameEnd + 2);
        udpSize = 0;
        ednsVersion = 0;
        int records = QueryParser.u16(packet, base + DnsHeader.ANCOUNT) + QueryParser.u16(packet, base + DnsHeader.NSCOUNT);
        int additional = QueryParser.u16(packet, base + DnsHeader.ARCOUNT);
        int p = nameEnd + 4;
        for (int i = 0; i < records + additional; i++) {
            int owner = p;
            p = WireNames.skip(packet, p, limit, true);
            if (p + 10 > limit) {
                throw new MalformedMessage("record runs past the end", true);
            }
            int rrType = QueryParser.u16(packet, p);
            int rdLength = QueryParser.u16(packet, p + 8);
            if (i >= records && rrType == DnsHeader.TYPE_OPT) {
                if (udpSize != 0 || packet.get(owner) != 0) {
                    throw new MalformedMessage("a second OPT, or one not at the root", true);
                }
                // A client advertising less than 512 still gets 512 (RFC 6891 §6.2.5).
                udpSize = Math.max(DnsHeader.CLASSIC_UDP_SIZE, QueryParser.u16(packet, p + 2));
                ednsVersion = packet.get(p + 5) & 0xff;
            }
            p += 10 + rdLength;
            if (p > limit) {
                throw new MalformedMessage("record data runs past the end", true);
            }
        }
        return this;
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

    /** Copies the name, lower-cased, into {@code dst} at {@code at}; returns its length. */
    public int copyName(byte[] dst, int at) {
        int n = nameLength();
        packet.get(questionStart, dst, at, n);
        for (int i = at; i < at + n; i++) {
            byte c = dst[i];
            if (c >= 'A' && c <= 'Z') {
                dst[i] = (byte) (c + 32);
            }
        }
        return n;
    }

    /** A copy that outlives the packet. */
    public Query toQuery() {
        byte[] question = new byte[questionLength()];
        packet.get(questionStart, question);
        byte[] name = WireNames.lowerCase(java.util.Arrays.copyOf(question, nameLength()));
        return new Query(id, flags, question, name, type, dnsClass, udpSize, ednsVersion);
    }

    public int nameLength() {
        return nameEnd - questionStart;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public int questionLength() {
        return nameEnd + 4 - questionStart;
    }

    @Override
    public void putQuestion(ByteBuffer out) {
        int n = questionLength();
        out.put(out.position(), packet, questionStart, n);
        out.position(out.position() + n);
    }

    @Override
    public boolean edns() {
        return udpSize > 0;
    }

    @Override
    public int udpSize() {
        return udpSize;
    }

    public int type() {
        return type;
    }

    public int dnsClass() {
        return dnsClass;
    }

    public int ednsVersion() {
        return ednsVersion;
    }
}
