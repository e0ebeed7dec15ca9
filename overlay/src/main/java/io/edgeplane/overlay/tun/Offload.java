package io.edgeplane.overlay.tun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a TUN opened with offloads asks of us, after wireguard-go's tun/offload_linux.go: read the
 * virtio_net_hdr, finish checksums the kernel left partial, and cut TCP super-packets (TSO) into
 * MTU-sized segments; and, the other way, glue consecutive segments of one TCP flow back into one
 * super-packet so that one TUN write carries them all ({@link Coalescer}). Buffers are big-endian
 * (network order) with the packet at absolute offsets; nothing here allocates.
 */
public final class Offload {

    public static final int NEEDS_CSUM = 1;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_ECN = 0x80;

    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    private Offload() {
    }

    /** The virtio_net_hdr fields (little-endian on the wire) at {@code at}. */
    public static int flags(ByteBuffer b, int at) {
        return b.get(at) & 0xff;
    }

    public static int gsoType(ByteBuffer b, int at) {
        return b.get(at + 1) & 0xff;
    }

    public static int gsoSize(ByteBuffer b, int at) {
        return Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 4)));
    }

    public static int csumStart(ByteBuffer b, int at) {
        return Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 6)));
    }

    public static int csumOffset(ByteBuffer b, int at) {
        return Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 8)));
    }

    /** Writes a virtio_net_hdr at {@code at}. */
    public static void putHeader(ByteBuffer b, int at, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart,
                                 int csumOffset) {
        b.put(at, (byte) flags);
        b.put(at + 1, (byte) gsoType);
        b.putShort(at + 2, Short.reverseBytes((short) hdrLen));
        b.putShort(at + 4, Short.reverseBytes((short) gsoSize));
        b.putShort(at + 6, Short.reverseBytes((short) csumStart));
        b.putShort(at + 8, Short.reverseBytes((short) csumOffset));
    }

    /**
     * Finishes a partial checksum (NEEDS_CSUM) of the packet at {@code packet}..{@code end}: the
     * field at csum_start + csum_offset holds the pseudo-header sum; the sum from csum_start to
     * the end, folded and inverted, replaces it.
     */
    public static boolean completeChecksum(ByteBuffer b, int packet, int end, int csumStart, int csumOffset) {
        int from = packet + csumStart;
        int field = from + csumOffset;
        if (from >= end || field + 2 > end) {
            return false;
        }
        short c = (short) ~fold(sum(b, from, end - from, 0));
        b.putShort(field, c == 0 ? (short) 0xffff : c);
        return true;
    }

    /**
     * The ones' complement sum of {@code len} bytes at {@code off}, as 16-bit big-endian words,
     * added to {@code acc}; {@code b} must be big-endian (the default).
     */
    public static long sum(ByteBuffer b, int off, int len, long acc) {
        if (b.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("checksums read network order");
        }
        int i = off;
        int end = off + len;
        long words = 0;
        while (end - i >= 8) {
            long v = b.getLong(i);
            words += (v >>> 32) + (v & 0xffffffffL);
            i += 8;
        }
        if (end - i >= 4) {
            words += b.getInt(i) & 0xffffffffL;
            i += 4;
        }
        if (end - i >= 2) {
            words += b.getShort(i) & 0xffff;
            i += 2;
        }
        if (end - i == 1) {
            words += (b.get(i) & 0xff) << 8;
        }
        return acc + words;
    }

    public static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** The TCP pseudo-header sum of the IP packet at {@code ip} for a TCP length of {@code tcpLength}. */
    static long pseudoHeader(ByteBuffer b, int ip, boolean v4, int tcpLength) {
        if (v4) {
            return sum(b, ip + 12, 8, 6 + tcpLength);
        }
        return sum(b, ip + 8, 32, 6 + tcpLength);
    }

    /**
     * Cuts one TCP super-packet into segments of gso_size payload bytes, each a whole IP packet
     * with its own length, IPv4 ID and header checksum, sequence number, flags (FIN and PSH only
     * on the last, CWR only on the first) and TCP checksum. One instance per thread.
     */
    public static final class Segmenter {
        private ByteBuffer in;
        private int packet;
        private int headers;
        private int tcp;
        private int payload;
        private int gsoSize;
        private boolean v4;
        private int index;
        private int count;
        private int seq;
        private int id;

        /**
         * Prepares to cut the packet at {@code packet}..{@code end} of {@code in}; false when it
         * is not a TCP packet this can cut (the caller drops it).
         */
        public boolean begin(ByteBuffer in, int packet, int end, int gsoType, int csumStart, int gsoSize) {
            int type = gsoType & ~GSO_ECN;
            if ((type != GSO_TCPV4 && type != GSO_TCPV6) || gsoSize == 0) {
                return false;
            }
            int version = (in.get(packet) & 0xff) >>> 4;
            v4 = version == 4;
            if ((type == GSO_TCPV4) != v4 || (!v4 && version != 6)) {
                return false;
            }
            if (v4 ? csumStart < 20 : csumStart < 40) {
                return false;
            }
            tcp = csumStart;
            if (packet + tcp + 20 > end) {
                return false;
            }
            headers = tcp + ((in.get(packet + tcp + 12) & 0xf0) >>> 2);
            if (headers < tcp + 20 || packet + headers > end) {
                return false;
            }
            this.in = in;
            this.packet = packet;
            this.payload = end - packet - headers;
            this.gsoSize = gsoSize;
            this.count = payload == 0 ? 1 : (payload + gsoSize - 1) / gsoSize;
            this.index = 0;
            this.seq = in.getInt(packet + tcp + 4);
            this.id = v4 ? in.getShort(packet + 4) & 0xffff : 0;
            return true;
        }

        /** Writes the next segment into {@code seg} (cleared; position 0, limit its end); false when done. */
        public boolean next(ByteBuffer seg) {
            if (index >= count) {
                return false;
            }
            int from = index * gsoSize;
            int length = Math.min(gsoSize, payload - from);
            seg.clear();
            seg.put(0, in, packet, headers);
            seg.put(headers, in, packet + headers + from, length);
            int total = headers + length;
            seg.limit(total);
            if (v4) {
                seg.putShort(2, (short) total);
                seg.putShort(4, (short) (id + index));
                seg.putShort(10, (short) 0);
                int ihl = (seg.get(0) & 0x0f) * 4;
                seg.putShort(10, (short) ~fold(sum(seg, 0, ihl, 0)));
            } else {
                seg.putShort(4, (short) (total - 40));
            }
            seg.putInt(tcp + 4, seq + from);
            int flags = seg.get(tcp + 13) & 0xff;
            if (index != count - 1) {
                flags &= ~(TCP_FIN | TCP_PSH);
            }
            if (index != 0) {
                flags &= ~TCP_CWR;
            }
            seg.put(tcp + 13, (byte) flags);
            seg.putShort(tcp + 16, (short) 0);
            int tcpLength = total - tcp;
            seg.putShort(tcp + 16, (short) ~fold(sum(seg, tcp, tcpLength, pseudoHeader(seg, 0, v4, tcpLength))));
            index++;
            return true;
        }
    }

    /**
     * Glues consecutive TCP segments of one flow into one super-packet for one TUN write (GRO
     * in userspace, like the kernel's tcp_gro_receive and wireguard-go's tcpGRO): same addresses,
     * ports, ACK, window, options and IP fields; sequence numbers end to end; every segment the
     * size of the first but the last; flags ACK, PSH only on the last. Anything else flushes
     * what is held and goes alone. The caller {@link #flush}es after each batch it received.
     * One instance per thread.
     */
    public static final class Coalescer {
        private static final int MAX_TOTAL = 65535;
        private final Tun tun;
        private final int vnet;
        private final ByteBuffer buf;
        private int count;
        private int end;
        private int ipLength;
        private int headers;
        private int gsoSize;
        private int nextSeq;
        private boolean v4;
        private boolean closed;
        private boolean push;
        private long writes;

        public Coalescer(Tun tun) {
            this.tun = tun;
            this.vnet = tun.vnetHeaderSize();
            this.buf = ByteBuffer.allocateDirect(vnet + MAX_TOTAL + 64);
        }

        /** TUN writes so far (for tests and counters). */
        public long writes() {
            return writes;
        }

        /** Takes one IP packet (position..limit of {@code p}); it is written now or with the packets held. */
        public void add(ByteBuffer p) throws IOException {
            if (vnet == 0) {
                tun.write(p);
                writes++;
                return;
            }
            if (count > 0 && append(p)) {
                return;
            }
            flush();
            if (!start(p)) {
                tun.write(p);
                writes++;
            }
        }

        /** Writes what is held: a lone packet as it came, several as one super-packet. */
        public void flush() throws IOException {
            if (count == 0) {
                return;
            }
            int ip = vnet;
            try {
                if (count == 1) {
                    buf.limit(end).position(ip);
                    tun.write(buf);
                } else {
                    int total = end - ip;
                    int tcp = ip + ipLength;
                    if (v4) {
                        buf.putShort(ip + 2, (short) total);
                        buf.putShort(ip + 10, (short) 0);
                        buf.putShort(ip + 10, (short) ~fold(sum(buf, ip, ipLength, 0)));
                    } else {
                        buf.putShort(ip + 4, (short) (total - 40));
                    }
                    if (push) {
                        buf.put(tcp + 13, (byte) (buf.get(tcp + 13) | TCP_PSH));
                    }
                    int tcpLength = total - ipLength;
                    buf.putShort(tcp + 16, (short) fold(pseudoHeader(buf, ip, v4, tcpLength)));
                    putHeader(buf, 0, NEEDS_CSUM, v4 ? GSO_TCPV4 : GSO_TCPV6, headers, gsoSize, ipLength, 16);
                    buf.limit(end).position(0);
                    tun.writeVnet(buf);
                }
                writes++;
            } finally {
                count = 0;
                buf.clear();
            }
        }

        /** Holds {@code p} as the first of a run when it is a TCP segment that may have followers. */
        private boolean start(ByteBuffer p) {
            int at = p.position();
            int n = p.remaining();
            int ipLen = tcpIpHeaderLength(p, at, n);
            if (ipLen < 0) {
                return false;
            }
            int tcp = at + ipLen;
            int flags = p.get(tcp + 13) & 0xff;
            int hdrs = ipLen + ((p.get(tcp + 12) & 0xf0) >>> 2);
            int payload = n - hdrs;
            if ((flags & ~TCP_PSH) != 0x10 || payload <= 0 || hdrs < ipLen + 20) {
                return false;
            }
            buf.clear();
            buf.put(vnet, p, at, n);
            count = 1;
            end = vnet + n;
            ipLength = ipLen;
            headers = hdrs;
            gsoSize = payload;
            v4 = ipLen == 20 && ((p.get(at) & 0xff) >>> 4) == 4;
            nextSeq = p.getInt(tcp + 4) + payload;
            push = (flags & TCP_PSH) != 0;
            closed = push;
            return true;
        }

        private boolean append(ByteBuffer p) {
            if (closed) {
                return false;
            }
            int at = p.position();
            int n = p.remaining();
            int payload = n - headers;
            if (payload <= 0 || payload > gsoSize || end + payload > vnet + MAX_TOTAL
                    || tcpIpHeaderLength(p, at, n) != ipLength) {
                return false;
            }
            int ip = vnet;
            int tcp = ipLength;
            if (p.getInt(at + tcp + 4) != nextSeq || ((p.get(at + tcp + 12) & 0xf0) >>> 2) != headers - ipLength) {
                return false;
            }
            int flags = p.get(at + tcp + 13) & 0xff;
            if ((flags & ~TCP_PSH) != 0x10) {
                return false;
            }
            // every header byte equal but lengths, IPv4 ID and checksums, sequence and flags
            for (int i = 0; i < headers; i++) {
                if (v4 ? (i >= 2 && i < 6) || i == 10 || i == 11 : i == 4 || i == 5) {
                    continue;
                }
                if (i >= tcp + 4 && i < tcp + 8 || i == tcp + 13 || i == tcp + 16 || i == tcp + 17) {
                    continue;
                }
                if (p.get(at + i) != buf.get(ip + i)) {
                    return false;
                }
            }
            buf.put(end, p, at + headers, payload);
            end += payload;
            count++;
            nextSeq += payload;
            if ((flags & TCP_PSH) != 0) {
                push = true;
                closed = true;
            }
            if (payload < gsoSize) {
                closed = true;
            }
            return true;
        }

        /** The IP header length of an unfragmented TCP packet without IPv4 options or IPv6 extension headers; else -1. */
        private static int tcpIpHeaderLength(ByteBuffer p, int at, int n) {
            if (n < 40) {
                return -1;
            }
            int version = (p.get(at) & 0xff) >>> 4;
            if (version == 4) {
                if ((p.get(at) & 0x0f) != 5 || p.get(at + 9) != 6 || (p.getShort(at + 6) & 0x3fff) != 0
                        || (p.getShort(at + 2) & 0xffff) != n) {
                    return -1;
                }
                return 20;
            }
            if (version == 6 && n >= 60 && p.get(at + 6) == 6 && (p.getShort(at + 4) & 0xffff) + 40 == n) {
                return 40;
            }
            return -1;
        }
    }
}
