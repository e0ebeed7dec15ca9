package io.edgeplane.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.conf.model.DnsBehaviour;
import io.edgeplane.conf.model.LoadBalancing;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.ServerName;
import io.edgeplane.conf.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML example of seed/service-networking.md, verbatim, and the forms it describes. */
class SeedExamplesTest {

    private static Service only(Loaded loaded) {
        assertTrue(loaded.ok(), () -> Configs.format(loaded.problems()));
        assertEquals(1, loaded.config().services().list().size());
        return loaded.config().services().list().getFirst();
    }

    @Test
    void portTriplesWithEmptyFieldsAndBareContainerPort() {
        Service s = only(Configs.services("""
                services:
                    <service_name>:
                        ports: ["3000:80:443", "4000::8443", "5000"]
                """));
        assertEquals("<service_name>", s.name());
        assertEquals(List.of(new PortMapping(3000, 80, 443, 0, 0), new PortMapping(4000, 0, 8443, 0, 0),
                new PortMapping(5000, 0, 0, 0, 0)), s.ports());
        assertTrue(s.ports().get(2).isLocalOnly());
    }

    @Test
    void advancedPortsMapForm() {
        Service s = only(Configs.services("""
                services:
                    <service_name>:
                        ports:
                          - container: 3000
                            http: 80
                            https: 443
                            tcp: 25
                            udp: 111
                """));
        assertEquals(List.of(new PortMapping(3000, 80, 443, 25, 111)), s.ports());
    }

    @Test
    void trafficMatchesExactAndLeadingWildcard() {
        Service s = only(Configs.services("""
                services:
                    <service_name>:
                        traffic_matches: ["app.your_domain.com", "*.anotherdomain.com"]
                """));
        assertEquals(ServerName.Kind.EXACT, s.trafficMatches().get(0).kind());
        assertEquals(ServerName.Kind.LEADING_WILDCARD, s.trafficMatches().get(1).kind());
        assertTrue(s.trafficMatches().get(1).matches("www.anotherdomain.com"));
    }

    @Test
    void catchAllUnderscore() {
        Service s = only(Configs.services("""
                    services:
                        <service_name>:
                            traffic_matches: ["_"]
                """));
        assertEquals(List.of(ServerName.catchAll()), s.trafficMatches());
    }

    @Test
    void placeholderNameIsOnlyAWarning() {
        Loaded loaded = Configs.services("services:\n  <service_name>:\n    ports: [\"5000\"]\n");
        assertTrue(loaded.ok());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().getFirst().format().contains("DNS label"));
    }

    @Test
    void dnsBehaviourAndLoadBalancingValues() {
        Loaded loaded = Configs.services("""
                services:
                  api:
                    dns_behaviour: non-versioned
                    load_balancing: sticky
                  web:
                    dns_behaviour: versioned
                    load_balancing: closest
                  worker:
                    load_balancing: roundrobin
                """);
        assertTrue(loaded.ok(), () -> Configs.format(loaded.problems()));
        var services = loaded.config().services();
        assertEquals(DnsBehaviour.NON_VERSIONED, services.get("api").orElseThrow().dnsBehaviour());
        assertEquals(LoadBalancing.STICKY, services.get("api").orElseThrow().loadBalancing());
        assertEquals(DnsBehaviour.VERSIONED, services.get("web").orElseThrow().dnsBehaviour());
        assertEquals(LoadBalancing.CLOSEST, services.get("web").orElseThrow().loadBalancing());
        assertEquals(DnsBehaviour.VERSIONED, services.get("worker").orElseThrow().dnsBehaviour());
        assertEquals(LoadBalancing.ROUNDROBIN, services.get("worker").orElseThrow().loadBalancing());
    }

    @Test
    void everyServerNameForm() {
        Service s = only(Configs.services("""
                services:
                  web:
                    ports: ["3000:80"]
                    traffic_matches: ["App.Example.COM.", "*.example.com", ".example.org", "www.example.*", "~^api\\\\d+\\\\.example\\\\.com$", "_"]
                """));
        List<ServerName> m = s.trafficMatches();
        assertEquals(List.of(ServerName.Kind.EXACT, ServerName.Kind.LEADING_WILDCARD, ServerName.Kind.DOTTED,
                ServerName.Kind.TRAILING_WILDCARD, ServerName.Kind.REGEX, ServerName.Kind.CATCH_ALL),
                m.stream().map(ServerName::kind).toList());
        assertTrue(m.get(0).matches(ServerName.normalise("app.example.com:8080")));
        assertTrue(m.get(1).matches("a.b.example.com"));
        assertTrue(!m.get(1).matches("example.com"));
        assertTrue(m.get(2).matches("example.org") && m.get(2).matches("x.example.org"));
        assertTrue(m.get(3).matches("www.example.net") && !m.get(3).matches("www.example."));
        assertTrue(m.get(4).matches("api12.example.com") && !m.get(4).matches("api.example.com"));
    }

    @Test
    void healthRule() {
        Service s = only(Configs.services("""
                services:
                  web:
                    ports: ["3000:80"]
                    health: {type: inbound, endpoint: /healthz, protocol: http, accept: ["200", "3xx"], timeout: 45s}
                """));
        assertEquals("/healthz", s.health().endpoint());
        assertEquals(java.time.Duration.ofSeconds(45), s.health().timeout());
        assertTrue(s.health().accepts(200) && s.health().accepts(302) && !s.health().accepts(500));
    }

    @Test
    void otherCloud66DirectivesAreOneWarning() {
        Loaded loaded = Configs.services("""
                services:
                  web:
                    image: cloud66/web
                    command: rails s
                    ports: ["3000:80"]
                  api:
                    image: cloud66/api
                    env_vars: {A: b}
                    volumes: ["/data:/data"]
                """);
        assertTrue(loaded.ok());
        assertEquals(1, loaded.warnings().size(), () -> Configs.format(loaded.problems()));
        assertTrue(loaded.warnings().getFirst().format().contains("command, env_vars, image, volumes"));
    }
}
