package io.edgeplane.proxy.stream;

import io.edgeplane.proxy.Transport;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * {@link Transport} plus the datagram channel of the same kind, which the HTTP proxy has no use
 * for: epoll channels only register with an epoll loop, NIO ones with a NIO loop.
 */
public record StreamTransport(Transport transport, Class<? extends DatagramChannel> datagramChannel) {

    public static StreamTransport of(Transport transport) {
        return new StreamTransport(transport,
                transport.name().equals("epoll") ? EpollDatagramChannel.class : NioDatagramChannel.class);
    }
}
