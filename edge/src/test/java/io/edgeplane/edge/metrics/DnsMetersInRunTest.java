package io.edgeplane.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.control.ApiClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code edge run} as its own process: after a few DNS queries, {@code GET /metrics} shows the
 * node client's meters with the counts those queries imply, and {@code edge status} shows the
 * same cache figures.
 */
@Timeout(120)
class DnsMetersInRunTest {

    @TempDir
    Path dir;

    @Test
    void dnsQueriesShowInMetricsAndStatus() throws Exception {
        ConfigTexts.Ports ports = ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
            edge.awaitLine(0, "running at revision 1");
            ApiClient api = new ApiClient(new InetSocketAddress("127.0.0.1", ports.control()));
            String before = api.get("/metrics").body();
            assertEquals(0, value(before, "edge_dns_queries_total"), before);
            assertEquals(0, value(before, "edge_dns_cache_size"), before);

            SimpleResolver resolver = new SimpleResolver("127.0.0.1");
            resolver.setPort(ports.dns());
            resolver.setTimeout(Duration.ofSeconds(2));
            for (int i = 0; i < 3; i++) {   // one miss, then two answers from the cache
                assertEquals(Rcode.NOERROR, resolver.send(query("api.cloud66.local.")).getRcode());
            }
            assertEquals(Rcode.NXDOMAIN, resolver.send(query("nope.cloud66.local.")).getRcode());

            String text = api.get("/metrics").body();
            assertEquals(4, value(text, "edge_dns_queries_total"), text);
            assertEquals(2, value(text, "edge_dns_cache_hits_total"), text);
            assertEquals(2, value(text, "edge_dns_cache_misses_total"), text);
            assertEquals(0, value(text, "edge_dns_cache_stale_total"), text);
            assertEquals(2, value(text, "edge_dns_forwarded_total{to=\"central\"}"), text);
            assertEquals(0, value(text, "edge_dns_forwarded_total{to=\"upstream\"}"), text);
            assertEquals(0, value(text, "edge_dns_refused_total"), text);
            assertEquals(0, value(text, "edge_dns_rejected_total"), text);
            // This node is also the central: the two misses were asked of it.
            assertEquals(2, value(text, "edge_dns_central_queries_total{outcome=\"answered\"}"), text);
            assertEquals(2, value(text, "edge_dns_cache_size"), text);
            assertTrue(text.contains("# HELP edge_dns_cache_hits_total "), text);

            String table = EdgeProcess.mainOutput(dir, "status", "-c", "edge.yml");
            System.out.println(table);
            assertTrue(table.contains("DNS cache  2 entries; hits 2, misses 2, stale 0"), table);
            assertTrue(table.contains("Overlay    none (ContainerNet does not run on this server)"), table);
            JsonNode json = new ObjectMapper().readTree(EdgeProcess.mainOutput(dir, "status", "--json", "-c", "edge.yml"));
            assertEquals(2, json.at("/dns/cache/hits").asLong(), json.toString());
            assertEquals(2, json.at("/dns/cache/misses").asLong(), json.toString());
            assertEquals(2, json.at("/dns/cache/entries").asLong(), json.toString());
            assertEquals(false, json.at("/overlay/running").asBoolean(true), json.toString());
            assertTrue(json.at("/overlay/peers").isArray() && json.at("/overlay/peers").isEmpty(), json.toString());
        }
    }

    private static Message query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    }

    /** One sample's value, the series written as in the text (labels included); fails when absent. */
    static long value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), () -> series + " not in\n" + text);
        return Math.round(Double.parseDouble(m.group(1)));
    }
}
