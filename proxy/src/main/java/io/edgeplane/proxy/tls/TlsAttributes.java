package io.edgeplane.proxy.tls;

import io.netty.util.AttributeKey;

/** Channel attributes the TLS layer leaves for the HTTP layer. */
public final class TlsAttributes {

    /** The server name the client sent in SNI (normalised), on the connection channel. */
    public static final AttributeKey<String> SNI_HOST = AttributeKey.valueOf("edge.sni");

    private TlsAttributes() {
    }
}
