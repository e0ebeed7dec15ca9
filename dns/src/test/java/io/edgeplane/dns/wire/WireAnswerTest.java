package io.edgeplane.dns.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.dns.TestDnsClient;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class WireAnswerTest {

    private static final Name NAME = Name.fromConstantString("api.cloud66.local.");
    private static final long SECOND = 1_000_000_000L;

    private static Message response(int ttl, String... addresses) {
        Message m = new Message(99);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(Record.newRecord(NAME, Type.A, DClass.IN), Section.QUESTION);
        for (String a : addresses) {
            m.addRecord(new ARecord(NAME, DClass.IN, ttl, InetAddress.ofLiteral(a)), Section.ANSWER);
        }
        m.addRecord(new OPTRecord(4096, 0, 0, 0, List.of(new ClientSubnetOption(32, 32, InetAddress.ofLiteral("10.32.1.5")))),
                Section.ADDITIONAL);
        return m;
    }

    private static Query query(Message q) throws MalformedMessage {
        return QueryParser.parse(ByteBuffer.wrap(q.toWire()));
    }

    @Test
    void servesWithTheClientsIdQuestionAndCountedDownTtls() throws Exception {
        WireAnswer a = WireAnswer.of(response(5, "10.0.0.1"), 10 * SECOND);
        Message q = TestDnsClient.query("API.cloud66.local", Type.A);
        Message r = new Message(a.toResponse(query(q), 12 * SECOND + SECOND / 2, false));
        assertEquals(q.getHeader().getID(), r.getHeader().getID());
        assertEquals("API.cloud66.local.", r.getQuestion().getName().toString());
        assertEquals(3, r.getSection(Section.ANSWER).getFirst().getTTL());
        assertFalse(r.getHeader().getFlag(Flags.AA), "a cache is not the authority");
        assertTrue(r.getHeader().getFlag(Flags.RD), "RD echoed from the query");
        assertNull(r.getOPT(), "no OPT for a client without EDNS, and never the central's ECS");
        assertTrue(a.isFresh(14 * SECOND));
        assertFalse(a.isFresh(15 * SECOND));
        assertEquals(30, new Message(a.toResponse(query(q), 100 * SECOND, true)).getSection(Section.ANSWER).getFirst().getTTL());
    }

    @Test
    void ednsClientsGetAnOptWithoutEcs() throws Exception {
        WireAnswer a = WireAnswer.of(response(5, "10.0.0.1"), 0);
        Message q = TestDnsClient.withEdns(TestDnsClient.query("api.cloud66.local", Type.A), 1232);
        Message r = new Message(a.toResponse(query(q), 0, false));
        assertNotNull(r.getOPT());
        assertEquals(DnsHeader.ADVERTISED_UDP_SIZE, r.getOPT().getPayloadSize());
        assertTrue(r.getOPT().getOptions().isEmpty());
    }

    @Test
    void addressRecordsRotateOnEveryServe() throws Exception {
        WireAnswer a = WireAnswer.of(response(5, "10.0.0.1", "10.0.0.2", "10.0.0.3"), 0);
        Query q = query(TestDnsClient.query("api.cloud66.local", Type.A));
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Message r = new Message(a.toResponse(q, 0, false));
            assertEquals(3, r.getSection(Section.ANSWER).size());
            firsts.add(r.getSection(Section.ANSWER).getFirst().rdataToString());
        }
        assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), firsts);
    }

    @Test
    void cnameChainsKeepTheirOrder() throws Exception {
        Name alias = Name.fromConstantString("www.example.com.");
        Name target = Name.fromConstantString("edge.example.net.");
        Message m = new Message(1);
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(Record.newRecord(alias, Type.A, DClass.IN), Section.QUESTION);
        m.addRecord(new CNAMERecord(alias, DClass.IN, 60, target), Section.ANSWER);
        m.addRecord(new ARecord(target, DClass.IN, 30, InetAddress.ofLiteral("192.0.2.1")), Section.ANSWER);
        m.addRecord(new ARecord(target, DClass.IN, 30, InetAddress.ofLiteral("192.0.2.2")), Section.ANSWER);
        WireAnswer a = WireAnswer.of(m, 0);
        assertEquals(30, a.freshSeconds());
        Query q = query(TestDnsClient.query("www.example.com", Type.A));
        for (int i = 0; i < 3; i++) {
            Message r = new Message(a.toResponse(q, 0, false));
            assertEquals(Type.CNAME, r.getSection(Section.ANSWER).getFirst().getType());
            assertEquals(3, r.getSection(Section.ANSWER).size());
        }
    }

    @Test
    void negativeAnswersLiveForTheSoaMinimum() throws Exception {
        Message m = new Message(1);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.NXDOMAIN);
        m.addRecord(Record.newRecord(NAME, Type.A, DClass.IN), Section.QUESTION);
        Name zone = Name.fromConstantString("cloud66.local.");
        m.addRecord(new SOARecord(zone, DClass.IN, 300, Name.fromConstantString("ns.cloud66.local."),
                Name.fromConstantString("hostmaster.cloud66.local."), 1, 3600, 600, 86400, 7), Section.AUTHORITY);
        assertEquals(7, WireAnswer.of(m, 0).freshSeconds());
        m.removeAllRecords(Section.AUTHORITY);
        assertEquals(0, WireAnswer.of(m, 0).freshSeconds(), "no SOA: not cached (RFC 2308)");
        m.getHeader().setRcode(Rcode.SERVFAIL);
        assertEquals(0, WireAnswer.of(m, 0).freshSeconds());
    }

    @Test
    void queriesAreReadOrRefusedSafely() throws Exception {
        Query q = query(TestDnsClient.withEdns(TestDnsClient.query("Api.Cloud66.Local", Type.AAAA), 100));
        assertEquals(Type.AAAA, q.type());
        assertEquals(512, q.udpLimit(), "an advertised size below 512 counts as 512");
        assertArrayEquals(Name.fromConstantString("api.cloud66.local.").toWireCanonical(), q.name());
        assertTrue(WireNames.isUnder(q.name(), Name.fromConstantString("cloud66.local.").toWireCanonical()));
        assertFalse(WireNames.isUnder(q.name(), Name.fromConstantString("66.local.").toWireCanonical()));
        byte[] two = TestDnsClient.query("a.b", Type.A).toWire();
        two[5] = 2;
        MalformedMessage e = assertThrows(MalformedMessage.class, () -> QueryParser.parse(ByteBuffer.wrap(two)));
        assertTrue(e.answerable());
        assertFalse(assertThrows(MalformedMessage.class, () -> QueryParser.parse(ByteBuffer.wrap(new byte[5]))).answerable());
    }
}
