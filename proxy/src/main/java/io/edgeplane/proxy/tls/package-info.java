/**
 * HTTPS: server certificates chosen by SNI among the configured ones (SAN match, wildcard SANs
 * included), a self-signed certificate when none is configured, BoringSSL through
 * netty-tcnative, TLS 1.2 and 1.3 only, ALPN {@code h2} and {@code http/1.1}.
 */
package io.edgeplane.proxy.tls;
