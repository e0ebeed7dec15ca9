package io.edgeplane.dns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.dns.FakeTicker;
import io.edgeplane.dns.TestConfigs;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class AnswererTest {

    private final FakeTicker clock = new FakeTicker();
    private final Answerer answerer = Answerer.compile(TestConfigs.config(), Readiness.ADDRESSED,
            new StickyChoices(clock), 1);

    private Answer ask(String name, int type, String caller) {
        try {
            return answerer.answer(Name.fromString(name), type, DClass.IN,
                    caller == null ? null : InetAddress.ofLiteral(caller));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> addresses(Answer a) {
        Set<String> out = new HashSet<>();
        for (Record r : a.answers()) {
            out.add(r instanceof ARecord ar ? ar.getAddress().getHostAddress()
                    : ((AAAARecord) r).getAddress().getHostAddress());
        }
        return out;
    }

    @Test
    void oldWebAsksApiAndGetsOldApi() {
        Answer a = ask("api.cloud66.local.", Type.A, TestConfigs.OLD_WEB);
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), addresses(a));
        assertTrue(a.dependsOnCaller(), "two api versions: the answer depends on the caller");
    }

    @Test
    void newWebAsksApiAndGetsNewApi() {
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), addresses(ask("api.cloud66.local.", Type.A, TestConfigs.NEW_WEB)));
    }

    @Test
    void nonVersionedTargetGivesTheLatestToEveryone() {
        Answer a = ask("worker.cloud66.local.", Type.A, TestConfigs.OLD_WEB);
        assertEquals(Set.of("10.32.2.17"), addresses(a));
        assertFalse(a.dependsOnCaller());
    }

    @Test
    void unknownCallerGetsTheLatest() {
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), addresses(ask("api.cloud66.local.", Type.A, "192.0.2.1")));
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), addresses(ask("api.cloud66.local.", Type.A, null)));
    }

    @Test
    void callerOlderThanEveryVersionGetsTheCurrentOne() {
        // web 7 asks worker (versioned would want <= 7; worker is non-versioned) and web itself:
        // web has 7 and 8, so web-7 gets web-7.
        assertEquals(Set.of(TestConfigs.OLD_WEB), addresses(ask("web.cloud66.local.", Type.A, TestConfigs.OLD_WEB)));
    }

    @Test
    void namesAreCaseInsensitive() {
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), addresses(ask("API.Cloud66.LOCAL.", Type.A, TestConfigs.NEW_WEB)));
    }

    @Test
    void roundRobinRotatesEveryAnswer() {
        List<Record> first = ask("api.cloud66.local.", Type.A, TestConfigs.NEW_WEB).answers();
        List<Record> second = ask("api.cloud66.local.", Type.A, TestConfigs.NEW_WEB).answers();
        assertEquals(Set.copyOf(first), Set.copyOf(second));
        assertNotEquals(first.getFirst(), second.getFirst());
    }

    @Test
    void stickyKeepsOneAddressPerCallerFor60Seconds() {
        Set<String> first = addresses(ask("cache.cloud66.local.", Type.A, TestConfigs.OLD_WEB));
        assertEquals(1, first.size());
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertEquals(first, addresses(ask("cache.cloud66.local.", Type.A, TestConfigs.OLD_WEB)));
        }
        Set<String> other = addresses(ask("cache.cloud66.local.", Type.A, TestConfigs.NEW_WEB));
        assertEquals(1, other.size());
        assertNotEquals(first, other, "a second caller is free to (and here does) get another container");
        assertTrue(ask("cache.cloud66.local.", Type.A, TestConfigs.OLD_WEB).dependsOnCaller());
    }

    @Test
    void stickyChoiceMayChangeAfter60Seconds() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.addAll(addresses(ask("cache.cloud66.local.", Type.A, TestConfigs.OLD_WEB)));
            clock.advance(Duration.ofSeconds(61));
            ask("cache.cloud66.local.", Type.A, "192.0.2.99"); // another caller moves the turn on
        }
        assertTrue(seen.size() > 1, "after 60 s a new choice is made: " + seen);
    }

    @Test
    void closestPrefersTheCallersServer() {
        Answer a = ask("search.cloud66.local.", Type.A, TestConfigs.NEW_WEB); // on web-1
        assertEquals(Set.of("10.32.1.30"), addresses(a));
        assertTrue(a.dependsOnCaller());
    }

    @Test
    void closestGivesAllWhenNoneIsLocal() {
        assertEquals(Set.of("10.32.1.30", "10.32.2.30", "10.32.2.31"),
                addresses(ask("search.cloud66.local.", Type.A, TestConfigs.FAR_WEB))); // on web-3
        assertEquals(Set.of("10.32.1.30", "10.32.2.30", "10.32.2.31"),
                addresses(ask("search.cloud66.local.", Type.A, "192.0.2.1")));
    }

    @Test
    void databaseNamesAndThePrimaryMapping() {
        assertEquals(Set.of("10.0.0.21"), addresses(ask("mysql.cloud66.local.", Type.A, null)));
        assertEquals(Set.of("10.0.0.21"), addresses(ask("main.mysql.cloud66.local.", Type.A, null)));
        assertEquals(Set.of("10.0.0.22"), addresses(ask("spare.mysql.cloud66.local.", Type.A, null)));
        assertEquals(Set.of("10.0.0.31"), addresses(ask("mongodb.cloud66.local.", Type.A, null)));
        assertFalse(ask("mysql.cloud66.local.", Type.A, TestConfigs.OLD_WEB).dependsOnCaller());
    }

    @Test
    void databaseWithoutPrimaryHasNoDataAtItsOwnName() {
        Answer a = ask("redis.cloud66.local.", Type.A, null);
        assertEquals(Rcode.NOERROR, a.rcode());
        assertTrue(a.answers().isEmpty());
        assertEquals(Set.of("10.0.0.41"), addresses(ask("a.redis.cloud66.local.", Type.A, null)));
    }

    @Test
    void unknownNameIsNxdomainWithTheSoa() {
        Answer a = ask("nosuch.cloud66.local.", Type.A, null);
        assertEquals(Rcode.NXDOMAIN, a.rcode());
        assertTrue(a.answers().isEmpty());
        assertTrue(a.authority().getFirst() instanceof SOARecord);
        assertEquals(Rcode.NXDOMAIN, ask("x.api.cloud66.local.", Type.A, null).rcode());
    }

    @Test
    void typeWithoutRecordsIsNodata() {
        Answer aaaa = ask("api.cloud66.local.", Type.AAAA, null);
        assertEquals(Rcode.NOERROR, aaaa.rcode());
        assertTrue(aaaa.answers().isEmpty());
        assertTrue(aaaa.authority().getFirst() instanceof SOARecord);
        Answer a = ask("v6only.cloud66.local.", Type.A, null);
        assertTrue(a.answers().isEmpty());
        assertEquals(Set.of("fd00:0:0:0:0:0:0:5"), addresses(ask("v6only.cloud66.local.", Type.AAAA, null)));
        assertTrue(ask("api.cloud66.local.", Type.MX, null).answers().isEmpty());
    }

    @Test
    void apexHasSoaAndNs() {
        assertEquals(Type.SOA, ask("cloud66.local.", Type.SOA, null).answers().getFirst().getType());
        assertEquals(Type.NS, ask("cloud66.local.", Type.NS, null).answers().getFirst().getType());
        assertEquals(Set.of("127.0.0.1"), addresses(ask("ns.cloud66.local.", Type.A, null)));
    }

    @Test
    void namesOutsideTheZoneAreRefused() {
        assertEquals(Rcode.REFUSED, ask("example.com.", Type.A, null).rcode());
    }

    @Test
    void ecsIsTrustedFromServersAndLoopbackOnly() {
        assertTrue(answerer.trustsEcsFrom(InetAddress.ofLiteral("10.0.0.12")));
        assertTrue(answerer.trustsEcsFrom(InetAddress.ofLiteral("127.0.0.1")));
        assertFalse(answerer.trustsEcsFrom(InetAddress.ofLiteral("10.32.1.5")));
    }

    @Test
    void readinessDecidesTheCurrentVersion() {
        Answerer notYet = Answerer.compile(TestConfigs.config(), c -> c.version() < 8, new StickyChoices(clock), 1);
        Answer a = notYet.answer(Name.fromConstantString("api.cloud66.local."), Type.A, DClass.IN, null);
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), addresses(a), "until api 8 is ready, 7 is current");
    }
}
