package io.edgeplane.conf;

import static io.edgeplane.conf.Configs.onlyError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of mistake: each is reported at its line with what would be valid. */
class ValidationErrorsTest {

    private static final String TWO_SERVERS = """
            servers:
              - {name: web-1, address: 10.0.0.11}
              - {name: web-2, address: 10.0.0.12}
            """;
    private static final String WEB_AND_API = """
            services:
              web:
                ports: ["3000:80"]
              api:
                ports: ["4000:8080"]
            """;

    @Test
    void portTripleWithFourFields() {
        onlyError(Configs.services("services:\n  web:\n    ports: [\"3000:80:443:1\"]\n"), "service.yml", 3,
                "services.web.ports[0]", "\"3000:80:443:1\" has 4 fields", "CONTAINER[:HTTP[:HTTPS]]");
    }

    @Test
    void nonNumericPort() {
        onlyError(Configs.services("services:\n  web:\n    ports:\n      - \"3000:http\"\n"), "service.yml", 4,
                "services.web.ports[0].http", "\"http\" is not a number", "1 to 65535");
    }

    @Test
    void outOfRangePort() {
        onlyError(Configs.services("services:\n  web:\n    ports:\n      - container: 3000\n        https: 70000\n"),
                "service.yml", 5, "services.web.ports[0].https", "\"70000\" is out of range", "1 to 65535");
    }

    @Test
    void mapWithoutContainer() {
        onlyError(Configs.services("services:\n  web:\n    ports:\n      - http: 80\n        https: 443\n"),
                "service.yml", 4, "services.web.ports[0].container", "is missing", "container (required)");
    }

    @Test
    void twoServicesOnOnePortWithoutTrafficMatches() {
        onlyError(Configs.services("""
                services:
                  web:
                    ports: ["3000:80"]
                  api:
                    ports: ["4000:80"]
                """), "service.yml", 5, "services.api.ports[0]", "shares http port 80 with service web",
                "traffic_matches");
    }

    @Test
    void twoServicesOnOnePortToldApartAreFine() {
        Loaded loaded = Configs.services("""
                services:
                  web:
                    ports: ["3000:80"]
                  api:
                    ports: ["4000:80"]
                    traffic_matches: ["api.example.com"]
                """);
        assertTrue(loaded.ok(), () -> Configs.format(loaded.problems()));
    }

    @Test
    void oneNameClaimedTwiceOnOnePort() {
        onlyError(Configs.services("""
                services:
                  web:
                    ports: ["3000:80"]
                    traffic_matches: ["www.example.com", "app.example.com"]
                  api:
                    ports: ["4000:80"]
                    traffic_matches: ["api.example.com", "APP.example.com"]
                """), "service.yml", 7, "services.api.traffic_matches[1]", "\"app.example.com\" is claimed on http port 80",
                "by service api and by service web");
    }

    @Test
    void tcpHostPortClaimedTwice() {
        onlyError(Configs.services("""
                services:
                  mail:
                    ports: [{container: 25, tcp: 25}]
                  relay:
                    ports:
                      - {container: 2525, tcp: 25}
                """), "service.yml", 6, "services.relay.ports[0]", "claims tcp host port 25, already claimed by service mail");
    }

    @Test
    void udpHostPortClaimedTwice() {
        onlyError(Configs.services("""
                services:
                  dns:
                    ports: [{container: 53, udp: 53}, {container: 5353, udp: 53}]
                """), "service.yml", 3, "services.dns.ports[1]", "claims udp host port 53");
    }

    @Test
    void tcpPortThatIsAlsoAnHttpPort() {
        onlyError(Configs.services("""
                services:
                  web:
                    ports: ["3000:80"]
                  raw:
                    ports: [{container: 9000, tcp: 80}]
                """), "service.yml", 5, "uses host port 80 for tcp, but service web uses it for http");
    }

    @Test
    void invalidWildcardInTheMiddleOfALabel() {
        onlyError(Configs.services("services:\n  web:\n    traffic_matches: [\"w*.example.com\"]\n"), "service.yml", 3,
                "\"w*.example.com\" is an invalid wildcard", "*.example.com or www.example.*");
    }

    @Test
    void invalidWildcardInTheMiddleOfAName() {
        onlyError(Configs.services("services:\n  web:\n    traffic_matches:\n      - www.*.example.com\n"), "service.yml", 4,
                "\"www.*.example.com\" is an invalid wildcard");
    }

    @Test
    void invalidRegex() {
        onlyError(Configs.services("services:\n  web:\n    traffic_matches: [\"~^api(\\\\d+\"]\n"), "service.yml", 3,
                "is not a valid regular expression: Unclosed group");
    }

    @Test
    void unknownDnsBehaviourSuggestsNearest() {
        onlyError(Configs.services("services:\n  api:\n    dns_behaviour: nonversioned\n"), "service.yml", 3,
                "services.api.dns_behaviour", "\"nonversioned\" is not a valid value", "did you mean non-versioned?");
    }

    @Test
    void unknownLoadBalancingSuggestsNearest() {
        onlyError(Configs.services("services:\n  api:\n\n    load_balancing: stiky\n"), "service.yml", 4,
                "one of roundrobin, sticky, closest (did you mean sticky?)");
    }

    @Test
    void containerNamingUnknownService() {
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1}
                  - {id: api-1-a, service: apl, version: 1, server: web-2}
                """), "inventory.yml", 6, "containers[1].service", "\"apl\" is not a service of service.yml",
                "did you mean api?");
    }

    @Test
    void containerNamingUnknownServer() {
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - id: web-1-a
                    service: web
                    version: 1
                    server: web-3
                """), "inventory.yml", 8, "containers[0].server", "\"web-3\" is not a server of inventory.yml");
    }

    @Test
    void duplicateContainerIds() {
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1}
                  - {id: web-1-a, service: web, version: 1, server: web-2}
                """), "inventory.yml", 6, "containers[1].id", "already used by containers[0]");
    }

    @Test
    void nonIntegerVersion() {
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 1.5, server: web-1}
                """), "inventory.yml", 5, "containers[0].version", "\"1.5\" is not a whole number", "positive whole number");
    }

    @Test
    void zeroVersion() {
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 0, server: web-1}
                """), "inventory.yml", 5, "\"0\" is out of range");
    }

    @Test
    void addressThatIsNotAnIp() {
        onlyError(Configs.inventory(WEB_AND_API, """
                servers:
                  - name: web-1
                    address: web-1.example.com
                """), "inventory.yml", 3, "servers[0].address", "\"web-1.example.com\" is not an IP address");
    }

    @Test
    void twoPrimaryGroupsForOneDatabase() {
        onlyError(Configs.inventory(WEB_AND_API, """
                databases:
                  mysql:
                    groups:
                      - {name: main, primary: true, servers: [10.0.0.21]}
                      - {name: spare, primary: true, servers: [10.0.0.22]}
                """), "inventory.yml", 5, "databases.mysql.groups", "\"spare\" is a second primary group (main is primary)");
    }

    @Test
    void unknownKeyInEdgeYml() {
        onlyError(Configs.parse(WEB_AND_API, "", """
                node: {name: web-1}
                dns:
                  zone: cloud66.local
                  listn: [127.0.0.1:53]
                """), "edge.yml", 4, "dns.listn", "is not a known key", "did you mean listen?");
    }

    @Test
    void yamlSyntaxErrorPointsAtItsLine() {
        Problem p = onlyError(Configs.services("services:\n  web:\n    ports: [\"3000:80\"\n  api:\n"), "service.yml", 4,
                "syntax error", "started at line 3");
        assertEquals("yaml", p.directive());
    }

    @Test
    void tabIndentationIsASyntaxError() {
        onlyError(Configs.services("services:\n\tweb:\n"), "service.yml", 2, "syntax error");
    }

    @Test
    void typoOfANetworkingDirectiveIsAnErrorNotIgnored() {
        onlyError(Configs.services("services:\n  web:\n    traffic_match: [\"a.example.com\"]\n"), "service.yml", 3,
                "services.web.traffic_match", "did you mean traffic_matches?");
    }

    @Test
    void duplicateKeyIsReportedWithBothLines() {
        onlyError(Configs.services("services:\n  web:\n    ports: [\"3000:80\"]\n    ports: [\"3000:81\"]\n"), "service.yml", 4,
                "is given twice (first at line 3)");
    }

    @Test
    void databaseNamedLikeAServiceIsAmbiguous() {
        onlyError(Configs.inventory("services:\n  mysql:\n    ports: [\"3306\"]\n", "databases:\n  mysql:\n    servers: [10.0.0.21]\n"),
                "inventory.yml", 2, "mysql.cloud66.local would be ambiguous");
    }

    @Test
    void fiveMistakesGiveFiveLocatedErrors() {
        Loaded loaded = Configs.parse("""
                services:
                  web:
                    ports: ["3000:80:443:1"]
                    load_balancing: robin
                  api:
                    ports: [{http: 81}]
                """, """
                servers:
                  - {name: web-1, address: 10.0.0.11}
                containers:
                  - {id: web-1-a, service: web, version: two, server: web-1}
                """, """
                proxi: {bind: 0.0.0.0}
                """);
        List<Problem> errors = loaded.errors();
        assertFalse(loaded.ok());
        assertEquals(5, errors.size(), () -> Configs.format(errors));
        assertEquals(List.of("edge.yml:1", "service.yml:3", "service.yml:4", "service.yml:6", "inventory.yml:4"),
                errors.stream().map(p -> p.location().file() + ":" + p.location().line()).toList());
    }

    @Test
    void configurationBuiltInCodeIsCheckedWithoutPositions() {
        Loaded loaded = Configs.inventory(WEB_AND_API, TWO_SERVERS);
        var config = loaded.config();
        var bad = new io.edgeplane.conf.model.Config(config.settings(), config.services(),
                new io.edgeplane.conf.model.Inventory(config.inventory().servers(),
                        List.of(new io.edgeplane.conf.model.Container("x", "nope", 1, "web-1", null, java.util.Map.of())),
                        List.of()));
        List<Problem> problems = ConfigLoader.validate(bad).stream().filter(Problem::isError).toList();
        assertEquals(1, problems.size());
        assertEquals("inventory.yml", problems.getFirst().format().substring(0, "inventory.yml".length()));
        assertTrue(problems.getFirst().format().contains("\"nope\" is not a service"));
    }

    @Test
    void twoContainersWithOneAddress() {
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1, address: 10.32.1.5}
                  - {id: api-1-a, service: api, version: 1, server: web-2, address: 10.32.1.5}
                """), "inventory.yml", 6, "containers[1].address", "is already the address of container web-1-a");
    }

    @Test
    void publishedPortsShareAnAddressButNotAPort() {
        Loaded sharing = Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1, address: 10.0.0.11, published: {3000: 32768}}
                  - {id: api-1-a, service: api, version: 1, server: web-1, address: 10.0.0.11, published: {4000: 32769}}
                """);
        assertTrue(sharing.ok(), () -> Configs.format(sharing.problems()));
        onlyError(Configs.inventory(WEB_AND_API, TWO_SERVERS + """
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1, address: 10.0.0.11, published: {3000: 32768}}
                  - {id: api-1-a, service: api, version: 1, server: web-1, address: 10.0.0.11, published: {4000: 32768}}
                """), "inventory.yml", 6, "containers[1].address", "\"10.0.0.11:32768\" is already the address of container web-1-a");
    }

    @Test
    void containerAddressInAnotherServersSlice() {
        onlyError(Configs.inventory(WEB_AND_API, """
                servers:
                  - {name: web-1, address: 10.0.0.11, slice: 10.32.1.0/24}
                  - {name: web-2, address: 10.0.0.12, slice: 10.32.2.0/24}
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1, address: 10.32.2.7}
                """), "inventory.yml", 5, "containers[0].address", "is in the slice 10.32.2.0/24 of server web-2");
    }

    @Test
    void overlappingOverlaySlices() {
        onlyError(Configs.inventory(WEB_AND_API, """
                servers:
                  - {name: web-1, address: 10.0.0.11, slice: 10.32.1.0/24}
                  - {name: web-2, address: 10.0.0.12, slice: 10.32.1.128/25}
                """), "inventory.yml", 3, "servers[1].slice", "overlaps the slice 10.32.1.0/24 of server web-1");
    }

    @Test
    void proxyLimitsParseAndABadSizeIsLocated() {
        Loaded good = Configs.parse(WEB_AND_API, "", "proxy: {max_body_size: 10m, read_timeout: 5s, max_fails: 3}\n");
        assertTrue(good.ok(), () -> Configs.format(good.problems()));
        assertEquals(10L << 20, good.config().settings().proxy().limits().maxBodySize());
        assertEquals(java.time.Duration.ofSeconds(5), good.config().settings().proxy().limits().readTimeout());
        assertEquals(3, good.config().settings().proxy().limits().maxFails());
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  max_body_size: 10 MB\n"), "edge.yml", 2,
                "proxy.max_body_size", "\"10 MB\" is not a size", "10m");
    }

    @Test
    void streamLimitsParseAndDefault() {
        Loaded good = Configs.parse(WEB_AND_API, "", """
                proxy: {stream_idle_timeout: 5m, udp_session_timeout: 30s, stream_connect_timeout: 2s,
                        max_stream_connections: 500}
                """);
        assertTrue(good.ok(), () -> Configs.format(good.problems()));
        var streams = good.config().settings().proxy().streams();
        assertEquals(java.time.Duration.ofMinutes(5), streams.idleTimeout());
        assertEquals(java.time.Duration.ofSeconds(30), streams.udpSessionTimeout());
        assertEquals(java.time.Duration.ofSeconds(2), streams.connectTimeout());
        assertEquals(500, streams.maxConnections());

        Loaded defaults = Configs.parse(WEB_AND_API, "", "proxy: {bind: 0.0.0.0}\n");
        assertEquals(io.edgeplane.conf.model.Settings.StreamLimits.defaults(),
                defaults.config().settings().proxy().streams());
        assertEquals(java.time.Duration.ofMinutes(10), defaults.config().settings().proxy().streams().idleTimeout());
        assertEquals(0, defaults.config().settings().proxy().streams().maxConnections(), "unlimited");

        Loaded inherited = Configs.parse(WEB_AND_API, "", "proxy: {connect_timeout: 3s}\n");
        assertEquals(java.time.Duration.ofSeconds(3), inherited.config().settings().proxy().streams().connectTimeout(),
                "the stream connect timeout follows connect_timeout unless set apart");
    }

    @Test
    void badStreamIdleTimeoutIsLocated() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  bind: 0.0.0.0\n  stream_idle_timeout: ten minutes\n"),
                "edge.yml", 3, "proxy.stream_idle_timeout", "\"ten minutes\" is not a duration", "5m");
    }

    @Test
    void zeroStreamIdleTimeoutIsAnError() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  stream_idle_timeout: 0s\n"),
                "edge.yml", 2, "proxy.stream_idle_timeout", "is not longer than 0", "30s");
    }

    @Test
    void badUdpSessionTimeoutIsLocated() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  udp_session_timeout: -5s\n"),
                "edge.yml", 2, "proxy.udp_session_timeout", "is not a duration");
    }

    @Test
    void zeroUdpSessionTimeoutIsAnError() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  udp_session_timeout: 0\n"),
                "edge.yml", 2, "proxy.udp_session_timeout", "is not longer than 0");
    }

    @Test
    void badStreamConnectTimeoutIsLocated() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  stream_connect_timeout: 2 s\n"),
                "edge.yml", 2, "proxy.stream_connect_timeout", "is not a duration");
    }

    @Test
    void zeroStreamConnectTimeoutIsAnError() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  stream_connect_timeout: 0ms\n"),
                "edge.yml", 2, "proxy.stream_connect_timeout", "is not longer than 0");
    }

    @Test
    void negativeMaxStreamConnectionsIsOutOfRange() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  max_stream_connections: -1\n"),
                "edge.yml", 2, "proxy.max_stream_connections", "is out of range", "0 for no limit");
    }

    @Test
    void nonNumericMaxStreamConnectionsIsLocated() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  max_stream_connections: lots\n"),
                "edge.yml", 2, "proxy.max_stream_connections", "is not a whole number");
    }

    @Test
    void typoOfAStreamKeySuggestsIt() {
        onlyError(Configs.parse(WEB_AND_API, "", "proxy:\n  stream_idle_timout: 5m\n"),
                "edge.yml", 2, "proxy.stream_idle_timout", "is not a known key", "stream_idle_timeout");
    }

    @Test
    void proxyProtocolPerServiceAndAUselessOneIsAWarning() {
        Loaded good = Configs.services("services:\n  mail:\n    ports: [{container: 25, tcp: 25}]\n    proxy_protocol: v2\n");
        assertTrue(good.ok() && good.warnings().isEmpty(), () -> Configs.format(good.problems()));
        assertEquals(io.edgeplane.conf.model.ProxyProtocol.V2, good.config().services().get("mail").orElseThrow().proxyProtocol());
        Loaded useless = Configs.services("services:\n  web:\n    ports: [\"3000:80\"]\n    proxy_protocol: v1\n");
        assertTrue(useless.ok());
        assertTrue(useless.warnings().getFirst().format().contains("has no effect: the service has no tcp: port"));
        onlyError(Configs.services("services:\n  mail:\n    proxy_protocol: v3\n"), "service.yml", 3,
                "\"v3\" is not a valid value", "one of off, v1, v2");
    }
}
