package io.edgeplane.proxy.stream.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The binary PROXY protocol header (version 2, haproxy proxy-protocol.txt §2.2) for a TCP
 * connection: signature, PROXY command, TCP over IPv4 or IPv6, both addresses and ports. No
 * TLVs. Mixed families are sent as IPv6 with the IPv4 address mapped.
 */
public final class ProxyProtocolV2Encoder {

    /** The 12-byte signature every v2 header starts with. */
    public static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private static final int VERSION_2_PROXY = 0x21;
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;
    private static final int IPV4_ADDRESSES_LENGTH = 12;
    private static final int IPV6_ADDRESSES_LENGTH = 36;

    private ProxyProtocolV2Encoder() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        int length = v4 ? IPV4_ADDRESSES_LENGTH : IPV6_ADDRESSES_LENGTH;
        ByteBuf out = alloc.buffer(16 + length);
        out.writeBytes(SIGNATURE);
        out.writeByte(VERSION_2_PROXY);
        out.writeByte(v4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6);
        out.writeShort(length);
        out.writeBytes(bytes(src, v4));
        out.writeBytes(bytes(dst, v4));
        out.writeShort(source.getPort());
        out.writeShort(destination.getPort());
        return out;
    }

    private static byte[] bytes(InetAddress address, boolean v4) {
        byte[] raw = address.getAddress();
        if (v4 || raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
