package io.edgeplane.dns;

import static io.edgeplane.dns.TestDnsClient.query;
import static io.edgeplane.dns.TestDnsClient.withEcs;
import static io.edgeplane.dns.TestDnsClient.withEdns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.edgeplane.dns.answer.Answerer;
import io.edgeplane.dns.answer.Readiness;
import io.edgeplane.dns.answer.StickyChoices;
import io.edgeplane.dns.central.CentralResponder;
import io.edgeplane.dns.wire.MalformedMessage;
import io.edgeplane.dns.wire.Query;
import io.edgeplane.dns.wire.QueryParser;
import io.edgeplane.dns.wire.ShortResponses;
import io.edgeplane.dns.wire.WireAnswer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Random and mutated packets (bounded in count and time, seeded so a failure can be replayed)
 * through every parser: the client's query reader and wire answers, the central's responder,
 * and the live servers over UDP. Nothing may throw, and both servers must still answer after.
 */
class FuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 0x5eed_d115L);

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(query("api.cloud66.local", Type.A).toWire());
        seeds.add(withEcs(query("main.mysql.cloud66.local", Type.A), "10.32.1.5").toWire());
        seeds.add(withEdns(query("www.example.com", Type.AAAA), 4096).toWire());
        seeds.add(query("cloud66.local", Type.SOA).toWire());
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2 -> {
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(40));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) r.nextInt(256);
                }
                b = longer;
            }
            default -> b[4 + r.nextInt(8)] = (byte) r.nextInt(256); // counts
        }
        return b;
    }

    private static byte[] random(Random r) {
        byte[] b = new byte[r.nextInt(80)];
        r.nextBytes(b);
        if (b.length > 3 && r.nextBoolean()) {
            b[2] &= 0x7f; // mostly queries, so parsing goes deeper
        }
        return b;
    }

    @Test
    void parsersSurviveRandomAndMutatedPackets() throws Exception {
        Random r = new Random(SEED);
        Answerer answerer = Answerer.compile(TestConfigs.config(), Readiness.ADDRESSED, StickyChoices.system(), 1);
        Message upstreamAnswer = new Message(CentralResponder.respond(answerer,
                ByteBuffer.wrap(query("api.cloud66.local", Type.A).toWire()), InetAddress.getLoopbackAddress(), true));
        WireAnswer cached = WireAnswer.of(upstreamAnswer, 0);
        byte[] responseBytes = upstreamAnswer.toWire();
        List<byte[]> seeds = seeds();
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] packet = r.nextInt(3) == 0 ? random(r) : mutate(seeds.get(r.nextInt(seeds.size())), r);
            try {
                Query q = QueryParser.parse(ByteBuffer.wrap(packet));
                new Message(ShortResponses.of(q, Rcode.SERVFAIL, r.nextBoolean()));
                byte[] served = cached.toResponse(q, 0, r.nextBoolean());
                assertEquals(cached.length(q), served.length);
                answered++;
            } catch (MalformedMessage e) {
                ShortResponses.formErr(ByteBuffer.wrap(packet));
            }
            CentralResponder.respond(answerer, ByteBuffer.wrap(packet), InetAddress.ofLiteral("10.0.0.11"), r.nextBoolean());
            // A hostile upstream: mutated responses must be refused or kept sanely, never throw.
            byte[] bad = mutate(responseBytes, r);
            Message parsed;
            try {
                parsed = new Message(bad);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            try {
                WireAnswer kept = WireAnswer.of(parsed, 0);
                kept.toResponse(QueryParser.parse(ByteBuffer.wrap(seeds.getFirst())), 1, false);
            } catch (MalformedMessage e) {
                // refused: fine
            }
        }
        assertEquals(true, answered > 100, "some mutations stay valid queries: " + answered);
    }

    @Test
    void liveServersSurviveGarbageOverUdp() throws Exception {
        try (ElasticDnsFixture dns = new ElasticDnsFixture()) {
            Random r = new Random(SEED + 1);
            List<byte[]> seeds = seeds();
            InetSocketAddress client = dns.clientAddress();
            InetSocketAddress central = dns.central.endpoint().socketAddress();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ElasticDnsFixture.OLD, 0))) {
                    for (int i = 0; i < 3_000; i++) {
                        byte[] p = r.nextBoolean() ? random(r) : mutate(seeds.get(r.nextInt(seeds.size())), r);
                        socket.send(new DatagramPacket(p, p.length, i % 2 == 0 ? client : central));
                        if (i % 200 == 0) {
                            Thread.sleep(5); // let the servers drain; no load test here
                        }
                    }
                }
            });
            Thread.sleep(300);
            assertEquals(Rcode.NOERROR, TestDnsClient.udp(client, query("api.cloud66.local", Type.A), ElasticDnsFixture.OLD).getRcode());
            assertEquals(Rcode.NOERROR, TestDnsClient.udp(central, query("api.cloud66.local", Type.A), "127.0.0.1").getRcode());
        }
    }
}
