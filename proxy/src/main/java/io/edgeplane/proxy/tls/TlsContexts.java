package io.edgeplane.proxy.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.SSLException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * How every server TLS context is built: BoringSSL (netty-tcnative), TLS 1.3 and 1.2 only,
 * forward-secret AEAD suites only (Http2SecurityUtil's list: ECDHE with AES-GCM or
 * ChaCha20-Poly1305, which HTTP/2 requires anyway), ALPN offering h2 then http/1.1, and a
 * server-side session cache plus BoringSSL's session tickets for resumption.
 */
final class TlsContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    static SslContext server(PrivateKey key, X509Certificate... chain) throws SSLException {
        return SslContextBuilder.forServer(key, chain)
                .sslProvider(SslProvider.OPENSSL)
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .sessionCacheSize(20_480)
                .sessionTimeout(3600)
                .build();
    }
}
