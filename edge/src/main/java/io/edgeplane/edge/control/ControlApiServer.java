package io.edgeplane.edge.control;

import io.edgeplane.conf.model.Settings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import io.edgeplane.conf.model.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The control API's listener. One event loop thread is plenty: the API carries deploys and
 * follower long-polls, not traffic, and its heavy work runs on virtual threads.
 */
public final class ControlApiServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("control");
    /** Request line and headers; an API request has no reason to come near it. */
    private static final int MAX_HEAD = 8 * 1024;

    private final EventLoopGroup loop;
    private final ExecutorService work;
    private final StateLongPoll longPoll;
    private final Channel channel;

    private ControlApiServer(EventLoopGroup loop, ExecutorService work, StateLongPoll longPoll, Channel channel) {
        this.loop = loop;
        this.work = work;
        this.longPoll = longPoll;
        this.channel = channel;
    }

    /**
     * Listens on {@code listen} and serves until closed.
     *
     * @throws IOException when the address cannot be bound (in use, not this host's)
     */
    public static ControlApiServer start(Endpoint listen, ControlApiSetup setup) throws IOException {
        return start(listen, null, setup);
    }

    /**
     * Listens on {@code listen}, over HTTPS when {@code tls} (edge.yml's {@code control.tls}) is
     * given: TLS 1.2 and 1.3 with the configured certificate chain and key (PEM).
     *
     * @throws IOException when the address cannot be bound or the certificate or key cannot be read
     */
    public static ControlApiServer start(Endpoint listen, Settings.Certificate tls, ControlApiSetup setup)
            throws IOException {
        SslContext ssl = tls == null ? null : serverContext(tls);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ExecutorService work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("control-api-", 0).factory());
        StateLongPoll longPoll = new StateLongPoll(setup.registry(), work);
        StateJson stateJson = new StateJson();
        RegistryChanges changes = new RegistryChanges(setup.registry());
        setup.metrics().watch(setup.registry());
        try {
            Channel channel = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(4096, MAX_HEAD, 64 * 1024),
                                    new SizeLimitedAggregator(setup.options().maxBodyBytes()),
                                    new ControlApiHandler(setup, longPoll, stateJson, changes, work));
                        }
                    })
                    .bind(listen.socketAddress()).sync().channel();
            ControlApiServer server = new ControlApiServer(loop, work, longPoll, channel);
            LOG.log(System.Logger.Level.INFO, "control API on " + (ssl != null ? "https://" : "http://") + server.endpoint()
                    + (setup.following() != null ? " (following the central at " + setup.following() + ")" : ""));
            return server;
        } catch (Exception e) {
            longPoll.close();
            work.shutdownNow();
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("control API cannot listen on " + listen + ": " + e.getMessage()
                    + " (set control.listen in edge.yml to a free address)", e);
        }
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** As written in edge.yml, e.g. {@code 127.0.0.1:7070}. */
    public String endpoint() {
        return new Endpoint(address().getAddress(), address().getPort()).toString();
    }

    /** Long-polls waiting now (for tests and status). */
    int waiting() {
        return longPoll.waiting();
    }

    @Override
    public void close() {
        longPoll.close();
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        work.shutdownNow();
    }

    private static SslContext serverContext(Settings.Certificate tls) throws IOException {
        try {
            return SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile())
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new IOException("control.tls: cannot use certificate " + tls.cert() + " with key " + tls.key() + ": "
                    + e.getMessage() + " (valid: a PEM certificate chain and its unencrypted PEM PKCS#8 key)", e);
        }
    }
}
