package io.edgeplane.proxy.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.CharsetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A Netty container for what WireMock cannot do: {@code POST /sink} counts a body of any size
 * without keeping it, {@code GET /source?bytes=N} streams N bytes (as fast as the reader takes
 * them, never more in memory than a chunk), and {@code /ws} is a WebSocket echo.
 */
public final class NettyBackend implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    public NettyBackend(boolean websocket) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec());
                        if (websocket) {
                            ch.pipeline().addLast(new HttpObjectAggregator(65536))
                                    .addLast(new WebSocketServerProtocolHandler("/ws"))
                                    .addLast(new Echo());
                        } else {
                            ch.pipeline().addLast(new ChunkedWriteHandler()).addLast(new SinkAndSource());
                        }
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
        }
    }

    private static final class SinkAndSource extends SimpleChannelInboundHandler<HttpObject> {
        private long received;
        private boolean sink;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest req) {
                received = 0;
                sink = req.uri().startsWith("/sink");
                if (!sink) {
                    long n = Long.parseLong(new QueryStringDecoder(req.uri()).parameters().get("bytes").getFirst());
                    DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    HttpUtil.setContentLength(head, n);
                    ctx.write(head);
                    ctx.writeAndFlush(new HttpChunkedInput(new Zeros(n)));
                }
            }
            if (msg instanceof HttpContent c) {
                received += c.content().readableBytes();
                if (msg instanceof LastHttpContent && sink) {
                    ByteBuf body = Unpooled.copiedBuffer(Long.toString(received), CharsetUtil.US_ASCII);
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                    HttpUtil.setContentLength(r, body.readableBytes());
                    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                }
            }
        }
    }

    /** N zero bytes in 64 KiB chunks, produced only when the channel can take them. */
    private static final class Zeros implements ChunkedInput<ByteBuf> {
        private final long total;
        private long sent;

        Zeros(long total) {
            this.total = total;
        }

        @Override
        public boolean isEndOfInput() {
            return sent >= total;
        }

        @Override
        public void close() {
        }

        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(io.netty.buffer.ByteBufAllocator allocator) {
            if (isEndOfInput()) {
                return null;
            }
            int n = (int) Math.min(64 * 1024, total - sent);
            ByteBuf b = allocator.buffer(n);
            b.writeZero(n);
            sent += n;
            return b;
        }

        @Override
        public long length() {
            return total;
        }

        @Override
        public long progress() {
            return sent;
        }
    }
}
