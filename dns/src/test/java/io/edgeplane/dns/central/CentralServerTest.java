package io.edgeplane.dns.central;

import static io.edgeplane.dns.TestDnsClient.addresses;
import static io.edgeplane.dns.TestDnsClient.ecs;
import static io.edgeplane.dns.TestDnsClient.query;
import static io.edgeplane.dns.TestDnsClient.withEcs;
import static io.edgeplane.dns.TestDnsClient.withEdns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.dns.TestConfigs;
import io.edgeplane.dns.TestDnsClient;
import io.edgeplane.dns.answer.Answerer;
import io.edgeplane.dns.answer.Readiness;
import io.edgeplane.dns.answer.StickyChoices;
import io.edgeplane.dns.net.DnsTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class CentralServerTest {

    private static CentralServer central;
    private static InetSocketAddress address;

    static Config config(int many) {
        Config c = TestConfigs.config(null, TestConfigs.OLD_WEB, TestConfigs.NEW_WEB, TestConfigs.FAR_WEB, many);
        Settings.Dns d = c.settings().dns();
        return TestConfigs.withDns(c, new Settings.Dns(d.zone(), List.of(), Endpoint.of("127.0.0.1", 0), List.of(),
                Duration.ofSeconds(5), d.allow()));
    }

    @BeforeAll
    static void start() {
        central = new CentralServer(new CentralServer.Options(Readiness.ADDRESSED, Ticker.systemTicker(), 1, DnsTransport.best()));
        central.apply(config(100));
        address = central.endpoint().socketAddress();
    }

    @AfterAll
    static void stop() {
        central.close();
    }

    @Test
    void ecsFromLoopbackNamesTheCallerAndScopeIsEchoed() throws Exception {
        Message old = TestDnsClient.udp(address, withEcs(query("api.cloud66.local", Type.A), TestConfigs.OLD_WEB), "127.0.0.1");
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(old)));
        ClientSubnetOption echo = ecs(old);
        assertNotNull(echo);
        assertEquals(32, echo.getSourcePrefixLength());
        assertEquals(32, echo.getScopePrefixLength(), "versioned with two versions: caller-specific");
        assertEquals(InetAddress.ofLiteral(TestConfigs.OLD_WEB), echo.getAddress());
        assertTrue(old.getHeader().getFlag(Flags.AA));

        Message fresh = TestDnsClient.udp(address, withEcs(query("api.cloud66.local", Type.A), TestConfigs.NEW_WEB), "127.0.0.1");
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(fresh)));
    }

    @Test
    void eachSnapshotIsAnsweredFromOnceApplied() throws Exception {
        try (CentralServer own = new CentralServer(new CentralServer.Options(Readiness.ADDRESSED, Ticker.systemTicker(), 1,
                DnsTransport.best()))) {
            Config before = config(0);
            own.apply(before);
            InetSocketAddress at = own.endpoint().socketAddress();
            assertEquals(Set.of("10.32.1.16", "10.32.2.16"),
                    Set.copyOf(addresses(TestDnsClient.udp(at, query("api.cloud66.local", Type.A), "127.0.0.1"))));
            var inventory = before.inventory();
            List<io.edgeplane.conf.model.Container> containers = new java.util.ArrayList<>(inventory.containers());
            containers.add(new io.edgeplane.conf.model.Container("api-9-a", "api", 9, "web-1",
                    InetAddress.ofLiteral("10.32.1.26"), java.util.Map.of()));
            own.apply(new Config(before.settings(), before.services(),
                    new io.edgeplane.conf.model.Inventory(inventory.servers(), containers, inventory.databases())));
            assertEquals(at, own.endpoint().socketAddress(), "same settings: same sockets");
            assertEquals(List.of("10.32.1.26"),
                    addresses(TestDnsClient.udp(at, query("api.cloud66.local", Type.A), "127.0.0.1")));
            Message old = TestDnsClient.udp(at, withEcs(query("api.cloud66.local", Type.A), TestConfigs.OLD_WEB), "127.0.0.1");
            assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(old)), "old callers keep their version");
        }
    }

    @Test
    void ipv6CallersGetA128Scope() throws Exception {
        Message m = TestDnsClient.udp(address, withEcs(query("api.cloud66.local", Type.A), "fd00::99"), "127.0.0.1");
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(m)), "unknown caller: current");
        assertEquals(128, ecs(m).getScopePrefixLength());
        assertEquals(128, ecs(m).getSourcePrefixLength());
    }

    @Test
    void callerIndependentAnswersHaveScopeZero() throws Exception {
        Message m = TestDnsClient.udp(address, withEcs(query("mysql.cloud66.local", Type.A), TestConfigs.OLD_WEB), "127.0.0.1");
        assertEquals(List.of("10.0.0.21"), addresses(m));
        assertEquals(0, ecs(m).getScopePrefixLength());
        Message w = TestDnsClient.udp(address, withEcs(query("worker.cloud66.local", Type.A), TestConfigs.OLD_WEB), "127.0.0.1");
        assertEquals(0, ecs(w).getScopePrefixLength());
    }

    @Test
    void withoutEcsTheSenderIsTheCaller() throws Exception {
        Message m = TestDnsClient.udp(address, query("api.cloud66.local", Type.A), "127.0.0.1");
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(m)), "unknown caller: current");
        assertNull(m.getOPT());
    }

    @Test
    void ecsFromAnUntrustedSenderIsIgnored() throws Exception {
        Answerer a = Answerer.compile(config(0), Readiness.ADDRESSED, StickyChoices.system(), 1);
        byte[] q = withEcs(query("api.cloud66.local", Type.A), TestConfigs.OLD_WEB).toWire();
        // A container (not a server) claims to speak for the old web: it gets its own answer.
        byte[] r = CentralResponder.respond(a, ByteBuffer.wrap(q), InetAddress.ofLiteral(TestConfigs.NEW_WEB), false);
        Message m = new Message(r);
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(m)));
        assertNull(ecs(m));
        // The same from a server is believed.
        r = CentralResponder.respond(a, ByteBuffer.wrap(q), InetAddress.ofLiteral("10.0.0.12"), false);
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(new Message(r))));
    }

    @Test
    void unknownNameIsNxdomainWithSoaAndWrongTypeIsNodata() throws Exception {
        Message nx = TestDnsClient.udp(address, query("nosuch.cloud66.local", Type.A), "127.0.0.1");
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertTrue(nx.getSection(Section.AUTHORITY).getFirst() instanceof SOARecord);
        Message nodata = TestDnsClient.udp(address, query("api.cloud66.local", Type.AAAA), "127.0.0.1");
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
        assertTrue(nodata.getSection(Section.AUTHORITY).getFirst() instanceof SOARecord);
        Message out = TestDnsClient.udp(address, query("example.com", Type.A), "127.0.0.1");
        assertEquals(Rcode.REFUSED, out.getRcode());
    }

    @Test
    void bigAnswersAreTruncatedOverUdpAndWholeOverTcp() throws Exception {
        Message udp = TestDnsClient.udp(address, query("many.cloud66.local", Type.A), "127.0.0.1");
        assertTrue(udp.getHeader().getFlag(Flags.TC));
        Message edns = TestDnsClient.udp(address, withEdns(query("many.cloud66.local", Type.A), 4096), "127.0.0.1");
        assertFalse(edns.getHeader().getFlag(Flags.TC));
        assertEquals(100, addresses(edns).size());
        Message tcp = TestDnsClient.tcp(address, query("many.cloud66.local", Type.A), "127.0.0.1");
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(100, addresses(tcp).size());
    }

    @Test
    void garbageGetsFormerrOrNothing() throws Exception {
        byte[] bad = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 'x'};
        byte[] r = TestDnsClient.udpRaw(address, bad, "127.0.0.1", 1000);
        assertNotNull(r);
        Message m = new Message(r);
        assertEquals(Rcode.FORMERR, m.getRcode());
        assertEquals(0x1234, m.getHeader().getID());
        assertNull(TestDnsClient.udpRaw(address, new byte[] {1, 2, 3}, "127.0.0.1", 300));
        // Still answering after garbage.
        assertEquals(Rcode.NOERROR, TestDnsClient.udp(address, query("api.cloud66.local", Type.A), "127.0.0.1").getRcode());
    }

    @Test
    void roundRobinRotatesAcrossAnswers() throws Exception {
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            firsts.add(addresses(TestDnsClient.udp(address, query("api.cloud66.local", Type.A), "127.0.0.1")).getFirst());
        }
        assertEquals(2, firsts.size());
    }
}
