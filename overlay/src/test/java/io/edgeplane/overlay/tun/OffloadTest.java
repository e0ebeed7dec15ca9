package io.edgeplane.overlay.tun;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cutting TCP super-packets into segments and gluing segments back: every segment a valid IP
 * packet (lengths, IPv4 ID and header checksum, sequence numbers, flags, TCP checksum), and the
 * glued super-packet the original payload behind a virtio_net_hdr the kernel accepts.
 */
class OffloadTest {

    static final int VNET = 10;

    /** A TUN that keeps what is written. */
    static final class Capture implements Tun {
        final List<byte[]> plain = new ArrayList<>();
        final List<byte[]> vnet = new ArrayList<>();

        @Override
        public int read(ByteBuffer dst) {
            return -1;
        }

        @Override
        public void write(ByteBuffer src) {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            plain.add(b);
        }

        @Override
        public void writeVnet(ByteBuffer src) {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            vnet.add(b);
        }

        @Override
        public int vnetHeaderSize() {
            return VNET;
        }

        @Override
        public String name() {
            return "capture";
        }

        @Override
        public int mtu() {
            return 1420;
        }

        @Override
        public void close() {
        }
    }

    /** An IPv4 or IPv6 TCP packet with 12 bytes of options (timestamps) and the given flags. */
    static ByteBuffer tcpPacket(boolean v4, int seq, int flags, byte[] payload) {
        int ip = v4 ? 20 : 40;
        int tcp = 32;
        ByteBuffer b = ByteBuffer.allocate(ip + tcp + payload.length);
        if (v4) {
            b.put(0, (byte) 0x45).putShort(2, (short) b.capacity()).putShort(4, (short) 7000).putShort(6, (short) 0x4000)
                    .put(8, (byte) 64).put(9, (byte) 6).putInt(12, 0x0a200101).putInt(16, 0x0a200201);
            b.putShort(10, (short) ~Offload.fold(Offload.sum(b, 0, 20, 0)));
        } else {
            b.putInt(0, 0x60000000).putShort(4, (short) (tcp + payload.length)).put(6, (byte) 6).put(7, (byte) 64);
            b.putLong(8, 0xfd00000000000000L).putLong(16, 1).putLong(24, 0xfd00000000000000L).putLong(32, 2);
        }
        b.putShort(ip, (short) 40000).putShort(ip + 2, (short) 5201).putInt(ip + 4, seq).putInt(ip + 8, 12345)
                .put(ip + 12, (byte) 0x80).put(ip + 13, (byte) flags).putShort(ip + 14, (short) 500);
        b.put(ip + 20, (byte) 1).put(ip + 21, (byte) 1).put(ip + 22, (byte) 8).put(ip + 23, (byte) 10)
                .putInt(ip + 24, 111).putInt(ip + 28, 222);
        b.put(ip + tcp, payload);
        b.putShort(ip + 16, (short) ~Offload.fold(Offload.sum(b, ip, tcp + payload.length,
                Offload.pseudoHeader(b, 0, v4, tcp + payload.length))));
        return b.clear();
    }

    static void assertValid(ByteBuffer p, boolean v4) {
        int ip = v4 ? 20 : 40;
        if (v4) {
            assertEquals(0xffff, Offload.fold(Offload.sum(p, 0, 20, 0)), "IPv4 header checksum");
            assertEquals(p.limit(), p.getShort(2) & 0xffff);
        } else {
            assertEquals(p.limit() - 40, p.getShort(4) & 0xffff);
        }
        int tcpLength = p.limit() - ip;
        assertEquals(0xffff, Offload.fold(Offload.sum(p, ip, tcpLength, Offload.pseudoHeader(p, 0, v4, tcpLength))),
                "TCP checksum");
    }

    @Test
    void aSuperPacketIsCutIntoValidSegmentsAndGluedBackWhole() throws IOException {
        for (boolean v4 : new boolean[] {true, false}) {
            byte[] payload = new byte[5000];
            new Random(7).nextBytes(payload);
            ByteBuffer original = tcpPacket(v4, 0xfffff000, 0x18, payload); // ACK|PSH; the sequence wraps
            int ip = v4 ? 20 : 40;
            int gso = 1368;
            // what TUN hands over: virtio_net_hdr, then the super-packet with a partial checksum
            ByteBuffer in = ByteBuffer.allocateDirect(VNET + original.limit());
            Offload.putHeader(in, 0, Offload.NEEDS_CSUM, v4 ? Offload.GSO_TCPV4 : Offload.GSO_TCPV6, ip + 32, gso, ip, 16);
            in.put(VNET, original, 0, original.limit());
            in.putShort(VNET + ip + 16, (short) 0x1234); // whatever: the segmenter computes its own
            Offload.Segmenter s = new Offload.Segmenter();
            assertTrue(s.begin(in, VNET, in.capacity(), Offload.gsoType(in, 0), Offload.csumStart(in, 0), Offload.gsoSize(in, 0)));
            ByteBuffer seg = ByteBuffer.allocateDirect(2000);
            Capture tun = new Capture();
            Offload.Coalescer c = new Offload.Coalescer(tun);
            int i = 0;
            while (s.next(seg)) {
                assertValid(seg, v4);
                int length = Math.min(gso, payload.length - i * gso);
                assertEquals(ip + 32 + length, seg.limit());
                assertEquals(0xfffff000 + i * gso, seg.getInt(ip + 4));
                boolean last = (i + 1) * gso >= payload.length;
                assertEquals(last ? 0x18 : 0x10, seg.get(ip + 13), "PSH only on the last");
                if (v4) {
                    assertEquals(7000 + i, seg.getShort(4) & 0xffff);
                }
                for (int k = 0; k < length; k++) {
                    assertEquals(payload[i * gso + k], seg.get(ip + 32 + k));
                }
                c.add(seg);
                i++;
            }
            assertEquals(4, i);
            c.flush();
            assertEquals(1, tun.vnet.size(), "one write for the four segments");
            assertEquals(0, tun.plain.size());
            ByteBuffer glued = ByteBuffer.wrap(tun.vnet.get(0));
            assertEquals(Offload.NEEDS_CSUM, Offload.flags(glued, 0));
            assertEquals(v4 ? Offload.GSO_TCPV4 : Offload.GSO_TCPV6, Offload.gsoType(glued, 0));
            assertEquals(gso, Offload.gsoSize(glued, 0));
            assertEquals(ip, Offload.csumStart(glued, 0));
            assertEquals(16, Offload.csumOffset(glued, 0));
            ByteBuffer p = glued.slice(VNET, glued.capacity() - VNET);
            assertEquals(original.limit(), p.limit());
            assertEquals(0x18, p.get(ip + 13));
            // the partial checksum is the folded pseudo-header sum: with it the kernel finishes the sum
            int tcpLength = p.limit() - ip;
            assertEquals(Offload.fold(Offload.pseudoHeader(p, 0, v4, tcpLength)), p.getShort(ip + 16) & 0xffff);
            p.putShort(ip + 16, (short) 0);
            original.putShort(ip + 16, (short) 0);
            if (v4) {
                assertEquals(0xffff, Offload.fold(Offload.sum(p, 0, 20, 0)));
            }
            assertEquals(original, p, "the same packet again");
        }
    }

    @Test
    void segmentsThatDoNotFollowOnGoAlone() throws IOException {
        Capture tun = new Capture();
        Offload.Coalescer c = new Offload.Coalescer(tun);
        byte[] payload = new byte[1000];
        c.add(tcpPacket(true, 1000, 0x10, payload));
        c.add(tcpPacket(true, 3000, 0x10, payload)); // a gap: flushes the first
        c.add(tcpPacket(true, 4000, 0x10, new byte[0])); // a pure ACK: alone
        c.add(tcpPacket(true, 4000, 0x12, payload)); // SYN: alone
        c.flush();
        assertEquals(4, tun.plain.size());
        assertEquals(0, tun.vnet.size());
        assertEquals(4, c.writes());
    }

    @Test
    void aPartialChecksumIsCompleted() {
        ByteBuffer p = tcpPacket(true, 1, 0x10, new byte[] {1, 2, 3});
        int want = p.getShort(36) & 0xffff;
        p.putShort(36, (short) Offload.fold(Offload.pseudoHeader(p, 0, true, p.limit() - 20)));
        assertTrue(Offload.completeChecksum(p, 0, p.limit(), 20, 16));
        assertEquals(want, p.getShort(36) & 0xffff);
    }
}
