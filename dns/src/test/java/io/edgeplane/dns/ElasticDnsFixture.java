package io.edgeplane.dns;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.dns.answer.Readiness;
import io.edgeplane.dns.central.CentralServer;
import io.edgeplane.dns.client.NodeClient;
import io.edgeplane.dns.net.DnsTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A central, a node client and a fake upstream on loopback. Callers: the old web container is
 * 127.0.0.2, the new one 127.0.0.3, the far one (server web-3) 127.0.0.4; dns.allow is
 * 127.0.0.0/29, so 127.0.0.9 is outside it. The client's clock is a {@link FakeTicker}.
 */
public final class ElasticDnsFixture implements AutoCloseable {

    public static final String OLD = "127.0.0.2";
    public static final String NEW = "127.0.0.3";
    public static final String FAR = "127.0.0.4";
    public static final String OUTSIDE = "127.0.0.9";

    public final FakeTicker clock = new FakeTicker();
    public final FakeUpstream upstream;
    public final CentralServer central;
    public final NodeClient client;
    public final Config config;

    public ElasticDnsFixture() throws IOException {
        upstream = new FakeUpstream("127.0.0.5");
        central = new CentralServer(new CentralServer.Options(Readiness.ADDRESSED, clock, 1, DnsTransport.best()));
        Config base = TestConfigs.config(null, OLD, NEW, FAR, 100);
        Settings.Dns d = base.settings().dns();
        central.apply(TestConfigs.withDns(base, new Settings.Dns(d.zone(), List.of(), Endpoint.of("127.0.0.1", 0),
                List.of(), Duration.ofSeconds(5), d.allow())));
        Endpoint c = central.endpoint();
        config = TestConfigs.withDns(base, new Settings.Dns(d.zone(), List.of(Endpoint.of("127.0.0.1", 0)), c,
                List.of(new Endpoint(upstream.address().getAddress(), upstream.address().getPort())),
                Duration.ofSeconds(5), List.of(Cidr.parse("127.0.0.0/29"))));
        central.apply(config);
        client = new NodeClient(new NodeClient.Options(clock, 1, DnsTransport.best(), Duration.ofMillis(300), 1,
                Duration.ofMillis(500), Duration.ofHours(1), Duration.ofSeconds(30), 10_000, Path.of("/nonexistent")));
        client.apply(config);
        warmUp();
    }

    /**
     * The first fetch of a cold JVM (class loading, the first FFM calls) can outlast the 300 ms
     * central timeout on a busy machine, and tests count fetches: so the first one is made here.
     */
    private void warmUp() throws IOException {
        for (int i = 0; i < 10; i++) {
            try {
                Message m = TestDnsClient.udp(clientAddress(), TestDnsClient.query("warm-up.cloud66.local", Type.A), OLD);
                if (m.getRcode() != Rcode.SERVFAIL) {
                    break;
                }
            } catch (java.net.SocketTimeoutException e) {
                // once more
            }
        }
        client.resolver().clearCache();
    }

    public InetSocketAddress clientAddress() {
        return client.endpoints().getFirst().socketAddress();
    }

    @Override
    public void close() throws IOException {
        client.close();
        central.close();
        upstream.close();
    }
}
