package io.edgeplane.dns.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Epoll when the platform has it, NIO otherwise. With epoll every event loop gets its own UDP
 * socket on the listening port (SO_REUSEPORT), so the kernel spreads queries over the cores.
 */
public record DnsTransport(String name, IoHandlerFactory ioHandlerFactory,
                           Class<? extends DatagramChannel> datagramChannel,
                           Class<? extends ServerChannel> serverChannel,
                           Class<? extends SocketChannel> socketChannel, boolean reusePort) {

    public static DnsTransport best() {
        if (Epoll.isAvailable()) {
            return new DnsTransport("epoll", EpollIoHandler.newFactory(), EpollDatagramChannel.class,
                    EpollServerSocketChannel.class, EpollSocketChannel.class, true);
        }
        return nio();
    }

    public static DnsTransport nio() {
        return new DnsTransport("nio", NioIoHandler.newFactory(), NioDatagramChannel.class,
                NioServerSocketChannel.class, NioSocketChannel.class, false);
    }
}
