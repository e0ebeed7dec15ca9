package io.edgeplane.overlay.device;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/** A blocking DatagramChannel on the overlay port (dual-stack wildcard unless told otherwise). */
public final class UdpBind implements Bind {

    private final DatagramChannel channel;

    public UdpBind(InetSocketAddress local) throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(local);
    }

    @Override
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        try {
            return (InetSocketAddress) channel.receive(dst);
        } catch (ClosedChannelException e) {
            return null;
        }
    }

    @Override
    public void send(ByteBuffer src, InetSocketAddress to) throws IOException {
        channel.send(src, to);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) channel.socket().getLocalSocketAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
