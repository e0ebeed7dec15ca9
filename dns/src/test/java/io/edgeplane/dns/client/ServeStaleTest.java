package io.edgeplane.dns.client;

import static io.edgeplane.dns.ElasticDnsFixture.NEW;
import static io.edgeplane.dns.ElasticDnsFixture.OLD;
import static io.edgeplane.dns.TestDnsClient.addresses;
import static io.edgeplane.dns.TestDnsClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.edgeplane.dns.ElasticDnsFixture;
import io.edgeplane.dns.TestDnsClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** RFC 8767: with the central stopped, expired answers are still served, with a TTL of 30 s. */
class ServeStaleTest {

    @Test
    void expiredAnswersAreServedStaleWhileTheCentralIsAway() throws Exception {
        try (ElasticDnsFixture dns = new ElasticDnsFixture()) {
            var client = dns.clientAddress();
            TestDnsClient.udp(client, query("api.cloud66.local", Type.A), OLD);
            TestDnsClient.udp(client, query("mysql.cloud66.local", Type.A), NEW);
            dns.central.close();
            dns.clock.advance(Duration.ofSeconds(60));

            Message stale = assertTimeoutPreemptively(Duration.ofSeconds(3),
                    () -> TestDnsClient.udp(client, query("api.cloud66.local", Type.A), OLD));
            assertEquals(Rcode.NOERROR, stale.getRcode());
            assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(addresses(stale)), "still the caller's own answer");
            assertEquals(30, stale.getSection(Section.ANSWER).getFirst().getTTL());

            long asked = dns.client.counters().centralQueries.sum();
            Message again = TestDnsClient.udp(client, query("mysql.cloud66.local", Type.A), NEW);
            assertEquals(30, again.getSection(Section.ANSWER).getFirst().getTTL());
            assertEquals(asked, dns.client.counters().centralQueries.sum(),
                    "within the failure recheck time stale answers go out without asking again");

            // Never seen before: nothing stale to give.
            assertEquals(Rcode.SERVFAIL, TestDnsClient.udp(client, query("worker.cloud66.local", Type.A), OLD).getRcode());
            // Stale answers are per caller too: NEW never asked for api, so it has none.
            assertEquals(Rcode.SERVFAIL, TestDnsClient.udp(client, query("api.cloud66.local", Type.A), NEW).getRcode());
        }
    }
}
