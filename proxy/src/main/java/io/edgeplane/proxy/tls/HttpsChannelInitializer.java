package io.edgeplane.proxy.tls;

import io.edgeplane.conf.model.ServerName;

import io.edgeplane.proxy.http.ClientConnections;
import io.edgeplane.proxy.http.HttpPipelines;
import io.edgeplane.proxy.http.MaxConnectionsHandler;
import io.edgeplane.proxy.http.ProxyContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;

import java.util.function.Supplier;

/**
 * The pipeline of an HTTPS client connection:
 * <pre>
 * max-connections → clients → SNI (chooses the certificate, remembers the name) → TLS
 *   → ALPN: "h2" → HTTP/2 codec and one HTTP/1-style frontend per stream
 *           "http/1.1" (or none) → the same handlers as plain HTTP
 * </pre>
 * The connection auto-reads through the handshake; the HTTP/1.1 frontend then switches to
 * pull, while an HTTP/2 connection keeps reading and lets each stream pull (HTTP/2 flow control).
 */
@ChannelHandler.Sharable
public final class HttpsChannelInitializer extends ChannelInitializer<Channel> {

    private static final System.Logger LOG = System.getLogger(HttpsChannelInitializer.class.getName());

    private final ProxyContext context;
    private final MaxConnectionsHandler maxConnections;
    private final ClientConnections clients;
    private final int port;
    private final Supplier<ServerCertificates> certificates;

    public HttpsChannelInitializer(ProxyContext context, MaxConnectionsHandler maxConnections, ClientConnections clients,
                                   int port, Supplier<ServerCertificates> certificates) {
        this.context = context;
        this.maxConnections = maxConnections;
        this.clients = clients;
        this.port = port;
        this.certificates = certificates;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.config().setAutoRead(true);
        ServerCertificates certs = certificates.get();
        ch.pipeline()
                .addLast("max-connections", maxConnections)
                .addLast("clients", clients)
                .addLast("sni", new RememberingSniHandler(certs, context.options().headerReadTimeout().toMillis()))
                .addLast("alpn", new Alpn());
    }

    /** Chooses the certificate by SNI and leaves the name on the channel for routing. */
    private static final class RememberingSniHandler extends SniHandler {
        RememberingSniHandler(ServerCertificates certs, long handshakeTimeoutMillis) {
            super(certs::select, handshakeTimeoutMillis);
        }

        @Override
        protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) throws Exception {
            if (hostname != null) {
                ctx.channel().attr(TlsAttributes.SNI_HOST).set(ServerName.normalise(hostname));
            }
            super.replaceHandler(ctx, hostname, sslContext);
        }
    }

    private final class Alpn extends ApplicationProtocolNegotiationHandler {
        Alpn() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                HttpPipelines.addHttp2(ctx.pipeline(), context, port);
            } else {
                ctx.channel().config().setAutoRead(false);
                HttpPipelines.addHttp1(ctx.pipeline(), context, port, true);
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake with {0} failed: {1}", ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }
    }
}
