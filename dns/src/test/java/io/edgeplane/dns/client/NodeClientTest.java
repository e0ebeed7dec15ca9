package io.edgeplane.dns.client;

import static io.edgeplane.dns.ElasticDnsFixture.FAR;
import static io.edgeplane.dns.ElasticDnsFixture.NEW;
import static io.edgeplane.dns.ElasticDnsFixture.OLD;
import static io.edgeplane.dns.ElasticDnsFixture.OUTSIDE;
import static io.edgeplane.dns.TestDnsClient.addresses;
import static io.edgeplane.dns.TestDnsClient.query;
import static io.edgeplane.dns.TestDnsClient.withEdns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.dns.ElasticDnsFixture;
import io.edgeplane.dns.FakeUpstream;
import io.edgeplane.dns.TestDnsClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class NodeClientTest {

    private static ElasticDnsFixture dns;
    private static InetSocketAddress client;

    @BeforeAll
    static void start() throws Exception {
        dns = new ElasticDnsFixture();
        client = dns.clientAddress();
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close();
    }

    @BeforeEach
    void emptyCache() {
        dns.client.resolver().clearCache();
    }

    private static Message ask(String name, int type, String from) throws Exception {
        return TestDnsClient.udp(client, query(name, type), from);
    }

    private static long centralQueries() {
        return dns.client.counters().centralQueries.sum();
    }

    @Test
    void oldWebGetsOldApiAndNewWebGetsNewApi() throws Exception {
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, OLD))));
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, NEW))));
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, "127.0.0.1"))),
                "the host itself is not a container: unknown caller, current version");
    }

    @Test
    void nonVersionedAndDatabasesThroughTheClient() throws Exception {
        assertEquals(List.of("10.32.2.17"), addresses(ask("worker.cloud66.local", Type.A, OLD)));
        assertEquals(List.of("10.0.0.21"), addresses(ask("mysql.cloud66.local", Type.A, OLD)));
        assertEquals(List.of("10.0.0.22"), addresses(ask("Spare.MySQL.cloud66.local", Type.A, OLD)));
    }

    @Test
    void closestThroughTheClient() throws Exception {
        assertEquals(List.of("10.32.1.30"), addresses(ask("search.cloud66.local", Type.A, OLD)));
        assertEquals(3, addresses(ask("search.cloud66.local", Type.A, FAR)).size());
    }

    @Test
    void anAnswerScopedToOneCallerIsNeverServedToAnother() throws Exception {
        long before = centralQueries();
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, OLD))));
        assertEquals(before + 1, centralQueries());
        // Caller B while A's /32 answer is fresh in the cache: B must be asked for, not served A's.
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, NEW))));
        assertEquals(before + 2, centralQueries());
        // A again: its own entry, from the cache.
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, OLD))));
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(addresses(ask("api.cloud66.local", Type.A, NEW))));
        assertEquals(before + 2, centralQueries());
    }

    @Test
    void anAnswerWithScopeZeroServesEveryCaller() throws Exception {
        long before = centralQueries();
        ask("mysql.cloud66.local", Type.A, OLD);
        ask("mysql.cloud66.local", Type.A, NEW);
        ask("mysql.cloud66.local", Type.A, FAR);
        assertEquals(before + 1, centralQueries());
    }

    @Test
    void stickyIsKeptPerCallerThroughTheCache() throws Exception {
        String a = addresses(ask("cache.cloud66.local", Type.A, OLD)).getFirst();
        for (int i = 0; i < 5; i++) {
            dns.clock.advance(Duration.ofSeconds(6)); // past the 5 s TTL: asked of the central again
            assertEquals(List.of(a), addresses(ask("cache.cloud66.local", Type.A, OLD)));
        }
        String b = addresses(ask("cache.cloud66.local", Type.A, NEW)).getFirst();
        assertNotEquals(a, b);
    }

    @Test
    void ttlsCountDownAndExpiredAnswersAreFetchedAgain() throws Exception {
        long before = centralQueries();
        Message first = ask("mysql.cloud66.local", Type.A, OLD);
        assertEquals(5, first.getSection(Section.ANSWER).getFirst().getTTL());
        dns.clock.advance(Duration.ofSeconds(2));
        Message second = ask("mysql.cloud66.local", Type.A, OLD);
        assertEquals(3, second.getSection(Section.ANSWER).getFirst().getTTL());
        assertEquals(before + 1, centralQueries());
        dns.clock.advance(Duration.ofSeconds(4));
        Message third = ask("mysql.cloud66.local", Type.A, OLD);
        assertEquals(5, third.getSection(Section.ANSWER).getFirst().getTTL());
        assertEquals(before + 2, centralQueries());
    }

    @Test
    void answersAskedForNearTheirExpiryAreRefreshedAhead() throws Exception {
        long before = centralQueries();
        ask("mysql.cloud66.local", Type.A, OLD);
        dns.clock.advance(Duration.ofMillis(4_600)); // the last tenth of the 5 s TTL
        Message near = ask("mysql.cloud66.local", Type.A, OLD);
        assertEquals(1, near.getSection(Section.ANSWER).getFirst().getTTL(), "still the cached answer");
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (centralQueries() < before + 2 && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertEquals(before + 2, centralQueries(), "one refresh, in the background");
        Thread.sleep(50); // the refreshed answer is stored just after the counter moves
        dns.clock.advance(Duration.ofSeconds(1)); // past the first answer's expiry
        Message after = ask("mysql.cloud66.local", Type.A, OLD);
        assertEquals(4, after.getSection(Section.ANSWER).getFirst().getTTL(), "the refreshed answer, counting down");
        ask("mysql.cloud66.local", Type.A, OLD);
        assertEquals(before + 2, centralQueries(), "no miss at the expiry, and no second refresh");
    }

    @Test
    void cachedAnswersAreRotated() throws Exception {
        Set<String> firsts = new HashSet<>();
        long before = centralQueries();
        for (int i = 0; i < 4; i++) {
            firsts.add(addresses(ask("api.cloud66.local", Type.A, NEW)).getFirst());
        }
        assertEquals(before + 1, centralQueries(), "three of the four came from the cache");
        assertEquals(2, firsts.size());
    }

    @Test
    void negativeAnswersAreCachedFromTheSoa() throws Exception {
        long before = centralQueries();
        Message nx = ask("nosuch.cloud66.local", Type.A, OLD);
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertTrue(nx.getSection(Section.AUTHORITY).getFirst() instanceof SOARecord);
        assertEquals(Rcode.NXDOMAIN, ask("nosuch.cloud66.local", Type.A, NEW).getRcode());
        Message nodata = ask("api.cloud66.local", Type.AAAA, OLD);
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
        ask("api.cloud66.local", Type.AAAA, OLD);
        assertEquals(before + 2, centralQueries());
    }

    @Test
    void otherNamesAreForwardedWithFreshIdsAndPortsAndCached() throws Exception {
        dns.upstream.asked.clear();
        Message q = query("www.example.com", Type.A);
        Message m = TestDnsClient.udp(client, q, OLD);
        assertEquals(List.of("192.0.2.7"), addresses(m));
        assertEquals(q.getHeader().getID(), m.getHeader().getID());
        assertEquals(60, m.getSection(Section.ANSWER).getFirst().getTTL());
        ask("www.example.com", Type.A, NEW);
        assertEquals(1, dns.upstream.asked.size(), "the second came from the cache");
        for (int i = 0; i < 5; i++) {
            ask("host" + i + ".example.com", Type.A, OLD);
        }
        Set<Integer> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (FakeUpstream.Asked a : dns.upstream.asked) {
            ids.add(a.id());
            ports.add(a.port());
            assertTrue(a.recursionDesired());
        }
        assertTrue(ids.size() >= 5, "query IDs vary: " + ids);
        assertTrue(ports.size() >= 5, "source ports vary: " + ports);
        assertEquals(Rcode.NXDOMAIN, ask("nothing.invalid", Type.A, OLD).getRcode());
    }

    @Test
    void clientsOutsideAllowAreRefused() throws Exception {
        Message m = ask("api.cloud66.local", Type.A, OUTSIDE);
        assertEquals(Rcode.REFUSED, m.getRcode());
        assertTrue(m.getSection(Section.ANSWER).isEmpty());
        assertEquals(Rcode.REFUSED, ask("www.example.com", Type.A, OUTSIDE).getRcode());
    }

    @Test
    void bigAnswersAreTruncatedOverUdpAndWholeOverTcp() throws Exception {
        // 100 records: the central's UDP answer to the client overflows 1232 too, so the client
        // itself has already retried over TCP to fill its cache.
        Message udp = ask("many.cloud66.local", Type.A, OLD);
        assertTrue(udp.getHeader().getFlag(Flags.TC));
        assertTrue(udp.getSection(Section.ANSWER).isEmpty());
        Message edns = TestDnsClient.udp(client, withEdns(query("many.cloud66.local", Type.A), 4096), OLD);
        assertFalse(edns.getHeader().getFlag(Flags.TC));
        assertEquals(100, addresses(edns).size());
        Message tcp = TestDnsClient.tcp(client, query("many.cloud66.local", Type.A), OLD);
        assertEquals(100, addresses(tcp).size());
        // A stock resolver retries over TCP on its own.
        SimpleResolver resolver = new SimpleResolver(client);
        resolver.setLocalAddress(new InetSocketAddress(OLD, 0));
        resolver.setTimeout(Duration.ofSeconds(2));
        Message viaResolver = resolver.send(query("many.cloud66.local", Type.A));
        assertEquals(100, addresses(viaResolver).size());
        // And from an upstream: 40 records overflow 512 without EDNS.
        assertTrue(ask("40.big.test", Type.A, OLD).getHeader().getFlag(Flags.TC));
        assertEquals(40, addresses(TestDnsClient.tcp(client, query("40.big.test", Type.A), OLD)).size());
    }

    @Test
    void malformedQueriesGetFormerrOrNothing() throws Exception {
        byte[] badName = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 'x'};
        byte[] r = TestDnsClient.udpRaw(client, badName, OLD, 1000);
        assertNotNull(r);
        assertEquals(Rcode.FORMERR, new Message(r).getRcode());
        assertNull(TestDnsClient.udpRaw(client, new byte[] {1, 2, 3}, OLD, 200), "too short: dropped");
        byte[] response = query("api.cloud66.local", Type.A).toWire();
        response[2] |= (byte) 0x80;
        assertNull(TestDnsClient.udpRaw(client, response, OLD, 200), "a response: dropped, never answered");
        assertEquals(Rcode.NOERROR, ask("api.cloud66.local", Type.A, OLD).getRcode());
    }

    @Test
    void unknownEdnsVersionsGetBadvers() throws Exception {
        Message q = query("api.cloud66.local", Type.A);
        q.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        assertEquals(Rcode.BADVERS, TestDnsClient.udp(client, q, OLD).getRcode());
        Message c = query("api.cloud66.local", Type.A);
        c.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        assertEquals(Rcode.BADVERS, TestDnsClient.udp(dns.central.endpoint().socketAddress(), c, "127.0.0.1").getRcode());
    }

    @Test
    void ednsClientsGetAnOptAndTheirQuestionCaseBack() throws Exception {
        Message q = withEdns(query("API.cloud66.LOCAL", Type.A), 1232);
        Message m = TestDnsClient.udp(client, q, NEW);
        assertNotNull(m.getOPT());
        assertNull(TestDnsClient.ecs(m), "the central's ECS option is not passed on to the caller");
        Record question = m.getQuestion();
        assertEquals("API.cloud66.LOCAL.", question.getName().toString());
        Message again = TestDnsClient.udp(client, query("api.cloud66.local", Type.A), NEW);
        assertNull(again.getOPT());
    }

    @Test
    void simultaneousMissesShareOneFetch() throws Exception {
        long before = centralQueries();
        int n = 20;
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress(OLD, 0))) {
            socket.setSoTimeout(2000);
            for (int i = 0; i < n; i++) {
                byte[] q = query("worker.cloud66.local", Type.A).toWire();
                socket.send(new java.net.DatagramPacket(q, q.length, client));
            }
            for (int i = 0; i < n; i++) {
                java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[512], 512);
                socket.receive(in);
                assertEquals(List.of("10.32.2.17"), addresses(new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()))));
            }
        }
        long asked = centralQueries() - before;
        assertTrue(asked >= 1 && asked <= 3, n + " simultaneous queries cost " + asked + " fetches");
    }

    @Test
    void standaloneResolverForBenchmarks() throws Exception {
        NodeResolver r = NodeResolver.standalone(dns.config, com.github.benmanes.caffeine.cache.Ticker.systemTicker());
        Message answer = ask("api.cloud66.local", Type.A, OLD);
        r.prime(answer.toWire(), java.net.InetAddress.ofLiteral(OLD), 32);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(512);
        byte[] q = query("api.cloud66.local", Type.A).toWire();
        assertTrue(r.answerFromCache(java.nio.ByteBuffer.wrap(q), java.net.InetAddress.ofLiteral(OLD), out) > 0);
        out.clear();
        assertEquals(-1, r.answerFromCache(java.nio.ByteBuffer.wrap(q), java.net.InetAddress.ofLiteral(NEW), out),
                "scoped to OLD: a miss for NEW");
    }

    @Test
    void cacheHitSeamAnswersWithoutIo() throws Exception {
        ask("mysql.cloud66.local", Type.A, OLD);
        byte[] q = query("mysql.cloud66.local", Type.A).toWire();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(512);
        int n = dns.client.resolver().answerFromCache(java.nio.ByteBuffer.wrap(q), java.net.InetAddress.ofLiteral(NEW), out);
        assertTrue(n > 0);
        Message m = new Message(java.util.Arrays.copyOf(out.array(), n));
        assertEquals(List.of("10.0.0.21"), addresses(m));
    }
}
