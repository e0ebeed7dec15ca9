package io.edgeplane.dns.client;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The node client's settings from one snapshot, in the form the hot path uses: the zone as a
 * lower-cased wire name, the allow list, where the central and the upstreams are.
 */
record ClientState(byte[] zone, AllowList allow, InetSocketAddress central, List<InetSocketAddress> upstreams) {

    private static final System.Logger LOG = System.getLogger(ClientState.class.getName());

    static ClientState of(Config config, Path resolvConf) {
        Settings settings = config.settings();
        Settings.Dns dns = settings.dns();
        byte[] zone;
        try {
            zone = Name.fromString(dns.zone() + ".").toWireCanonical();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("dns.zone " + dns.zone() + " is not a DNS name", e);
        }
        List<InetSocketAddress> upstreams = dns.upstreams().stream()
                .filter(java.util.Objects::nonNull).map(Endpoint::socketAddress).toList();
        if (upstreams.isEmpty()) {
            upstreams = ResolvConf.nameservers(resolvConf).stream()
                    .filter(u -> !isSelf(u, dns.listen())).toList();
            if (upstreams.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "no upstream resolvers (dns.upstreams empty, none usable in {0}):"
                        + " names outside {1} will get SERVFAIL", resolvConf, dns.zone());
            }
        }
        return new ClientState(zone, new AllowList(dns.allow()), central(settings), upstreams);
    }

    /**
     * The central's DNS address: {@code dns.central_listen} on the central itself (a wildcard
     * there is reached on loopback); on other servers the host of {@code central.url} at that port.
     */
    static InetSocketAddress central(Settings settings) {
        Endpoint listen = settings.dns().centralListen();
        InetAddress host = listen.address();
        if (!settings.node().isCentral() && settings.central().url() != null && settings.central().url().getHost() != null) {
            String h = settings.central().url().getHost();
            host = InetAddress.ofLiteral(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
        } else if (host.isAnyLocalAddress()) {
            host = InetAddress.getLoopbackAddress();
        }
        return new InetSocketAddress(host, listen.port());
    }

    /** resolv.conf naming this very client would make every outside name loop back to us. */
    private static boolean isSelf(InetSocketAddress upstream, List<Endpoint> listen) {
        for (Endpoint e : listen) {
            if (e.port() == upstream.getPort() && (e.address().equals(upstream.getAddress())
                    || (e.address().isAnyLocalAddress() && upstream.getAddress().isLoopbackAddress()))) {
                return true;
            }
        }
        return false;
    }
}
