package io.edgeplane.overlay.device;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Minimal IP packets for tests: an IPv4 or IPv6 header and a payload (UDP protocol number). */
public final class Packets {
    private Packets() {
    }

    public static byte[] ipv4(String src, String dst, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putInt(0).put((byte) 64).put((byte) 17)
                .putShort((short) 0).put(InetAddress.ofLiteral(src).getAddress()).put(InetAddress.ofLiteral(dst).getAddress())
                .put(payload);
        return b.array();
    }

    public static byte[] ipv6(String src, String dst, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) 17).put((byte) 64)
                .put(InetAddress.ofLiteral(src).getAddress()).put(InetAddress.ofLiteral(dst).getAddress()).put(payload);
        return b.array();
    }
}
