package io.edgeplane.dns.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One question to another DNS server and its answer. UDP goes from a socket of its own,
 * connected to the server: the kernel picks a random source port and drops datagrams from
 * anyone else, and an ICMP "port unreachable" fails the exchange at once instead of at the
 * timeout (which is how a stopped central is noticed quickly). Everything runs on the event loop
 * given, normally the one of the query being answered, so no thread is crossed.
 */
public final class DnsExchange {

    private DnsExchange() {
    }

    public static CompletableFuture<byte[]> udp(EventLoop loop, DnsTransport transport, InetSocketAddress server,
                                                byte[] query, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(loop).channel(transport.datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        ByteBuf content = packet.content();
                        if (ResponseMatcher.matches(query, content.nioBuffer())) {
                            byte[] bytes = new byte[content.readableBytes()];
                            content.getBytes(content.readerIndex(), bytes);
                            result.complete(bytes);
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        result.completeExceptionally(cause);
                    }
                });
        start(b.connect(server), loop, result, timeout, Unpooled.wrappedBuffer(query));
        return result;
    }

    public static CompletableFuture<byte[]> tcp(EventLoop loop, DnsTransport transport, InetSocketAddress server,
                                                byte[] query, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(loop).channel(transport.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(0xffff + 2, 0, 2, 0, 2),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        if (ResponseMatcher.matches(query, frame.nioBuffer())) {
                                            byte[] bytes = new byte[frame.readableBytes()];
                                            frame.getBytes(frame.readerIndex(), bytes);
                                            result.complete(bytes);
                                        }
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.completeExceptionally(new java.io.IOException("connection closed before the answer"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        result.completeExceptionally(cause);
                                    }
                                });
                    }
                });
        ByteBuf framed = Unpooled.wrappedBuffer(
                Unpooled.wrappedBuffer(new byte[] {(byte) (query.length >>> 8), (byte) query.length}),
                Unpooled.wrappedBuffer(query));
        start(b.connect(server), loop, result, timeout, framed);
        return result;
    }

    private static void start(ChannelFuture connect, EventLoop loop, CompletableFuture<byte[]> result,
                              Duration timeout, ByteBuf message) {
        Channel channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                message.release();
                result.completeExceptionally(f.cause());
            } else {
                channel.writeAndFlush(message).addListener(w -> {
                    if (!w.isSuccess()) {
                        result.completeExceptionally(w.cause());
                    }
                });
            }
        });
        var timer = loop.schedule(() -> {
            result.completeExceptionally(new TimeoutException("no answer from " + channel.remoteAddress() + " in " + timeout));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> {
            timer.cancel(false);
            channel.close();
        });
    }
}
