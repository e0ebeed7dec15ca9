package io.edgeplane.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/**
 * The pipeline of a plain HTTP/1.1 client connection: the connection cap, then the HTTP/1.1
 * chain of {@link HttpPipelines}. The channel does not auto-read: the frontend pulls.
 */
@ChannelHandler.Sharable
public final class HttpChannelInitializer extends ChannelInitializer<Channel> {

    private final ProxyContext context;
    private final MaxConnectionsHandler maxConnections;
    private final ClientConnections clients;
    private final int port;

    public HttpChannelInitializer(ProxyContext context, MaxConnectionsHandler maxConnections, ClientConnections clients,
                                  int port) {
        this.context = context;
        this.maxConnections = maxConnections;
        this.clients = clients;
        this.port = port;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("max-connections", maxConnections).addLast("clients", clients);
        HttpPipelines.addHttp1(ch.pipeline(), context, port, false);
    }
}
