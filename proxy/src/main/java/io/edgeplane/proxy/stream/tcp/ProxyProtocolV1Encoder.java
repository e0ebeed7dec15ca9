package io.edgeplane.proxy.stream.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The human-readable PROXY protocol header (version 1, haproxy proxy-protocol.txt §2.1):
 * {@code PROXY TCP4 <src> <dst> <sport> <dport>\r\n}. Mixed families are written as TCP6 with
 * the IPv4 address mapped, as the spec says both addresses share one family.
 */
public final class ProxyProtocolV1Encoder {

    private ProxyProtocolV1Encoder() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        return alloc.buffer(108).writeBytes(text(source, destination).getBytes(StandardCharsets.US_ASCII));
    }

    static String text(InetSocketAddress source, InetSocketAddress destination) {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        return "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + address(src, v4) + " " + address(dst, v4) + " "
                + source.getPort() + " " + destination.getPort() + "\r\n";
    }

    private static String address(InetAddress address, boolean v4) {
        if (v4) {
            return address.getHostAddress();
        }
        if (address instanceof Inet4Address) {
            return "::ffff:" + address.getHostAddress();
        }
        return NetUtil.toAddressString(address);
    }
}
