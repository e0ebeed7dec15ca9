package io.edgeplane.proxy.route;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.proxy.upstream.PassiveHealthRegistry;
import io.edgeplane.proxy.upstream.Upstream;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private final PassiveHealthRegistry health = new PassiveHealthRegistry(1, TimeUnit.SECONDS.toNanos(10));

    static Service service(String name, List<PortMapping> ports, String... names) {
        return new Service(name, ports, Names.list(names), null, null, null);
    }

    static PortMapping http(int container, int http) {
        return new PortMapping(container, http, 0, 0, 0);
    }

    static Container container(String id, String service, int version, String ip, Map<Integer, Integer> published) {
        return new Container(id, service, version, "s1", ip == null ? null : InetAddress.ofLiteral(ip), published);
    }

    static Config config(List<Service> services, List<Container> containers) {
        return new Config(Settings.defaults(), new Services(services), new Inventory(List.of(), containers, List.of()));
    }

    @Test
    void oneListenerPerDistinctHttpAndHttpsPort() {
        Config c = config(List.of(
                service("web", List.of(new PortMapping(3000, 80, 443, 0, 0), new PortMapping(4000, 0, 8443, 0, 0),
                        new PortMapping(5000, 0, 0, 0, 0)), "web.example.com"),
                service("api", List.of(new PortMapping(3000, 80, 443, 25, 0)), "api.example.com")),
                List.of());
        RouteTable t = RouteTable.compile(c, health);
        assertEquals(Set.of(new ListenerKey(80, false), new ListenerKey(443, true), new ListenerKey(8443, true)),
                t.listeners());
        assertNull(t.port(5000));
        assertNull(t.port(25), "tcp ports are not HTTP listeners");
        assertTrue(t.port(443).tls());
        assertFalse(t.port(80).tls());
    }

    @Test
    void twoServicesOnOnePortAreToldApartByName() {
        Config c = config(List.of(
                service("web", List.of(http(3000, 80)), "web.example.com"),
                service("api", List.of(http(4000, 80)), "api.example.com")),
                List.of());
        PortRoutes p80 = RouteTable.compile(c, health).port(80);
        assertEquals("web", p80.route("web.example.com").service());
        assertEquals(3000, p80.route("web.example.com").containerPort());
        assertEquals("api", p80.route("api.example.com").service());
        assertEquals(4000, p80.route("api.example.com").containerPort());
        assertNull(p80.route("other.example.com"));
    }

    @Test
    void upstreamsAreTheContainersOfTheHighestVersion() {
        Config c = config(List.of(service("web", List.of(http(3000, 80)))), List.of(
                container("web-6-a", "web", 6, "10.0.0.1", Map.of()),
                container("web-7-a", "web", 7, "10.0.0.2", Map.of()),
                container("web-7-b", "web", 7, "10.0.0.3", Map.of(3000, 32768)),
                container("api-9-a", "api", 9, "10.0.0.4", Map.of())));
        List<Upstream> ups = RouteTable.compile(c, health).port(80).route("x").upstreams().upstreams();
        assertEquals(List.of("web-7-a", "web-7-b"), ups.stream().map(Upstream::containerId).toList());
        assertEquals("10.0.0.2:3000", ups.get(0).addressText());
        assertEquals("10.0.0.3:32768", ups.get(1).addressText(), "published port is dialled");
    }

    @Test
    void containersWithoutAddressOrNotReadyAreLeftOut() {
        Config c = config(List.of(service("web", List.of(http(3000, 80)))), List.of(
                container("web-7-a", "web", 7, null, Map.of()),
                container("web-6-a", "web", 6, "10.0.0.1", Map.of()),
                container("web-8-a", "web", 8, "10.0.0.8", Map.of())));
        List<Upstream> ups = RouteTable.compile(c, health, k -> k.version() < 8).port(80).route("x")
                .upstreams().upstreams();
        assertEquals(List.of("web-6-a"), ups.stream().map(Upstream::containerId).toList(),
                "traffic stays on the old version until the new one is ready");
    }

    @Test
    void serviceWithoutContainersHasAnEmptyUpstreamList() {
        Config c = config(List.of(service("web", List.of(http(3000, 80)))), List.of());
        ServiceRoute r = RouteTable.compile(c, health).port(80).route("x");
        assertEquals("web", r.service());
        assertTrue(r.upstreams().upstreams().isEmpty());
        assertNull(r.upstreams().next(List.of(), System.nanoTime()));
    }

    @Test
    void passiveHealthSurvivesRecompilation() {
        Config c = config(List.of(service("web", List.of(http(3000, 80)))),
                List.of(container("web-1-a", "web", 1, "10.0.0.1", Map.of())));
        Upstream before = RouteTable.compile(c, health).port(80).route("x").upstreams().upstreams().getFirst();
        Upstream after = RouteTable.compile(c, health).port(80).route("x").upstreams().upstreams().getFirst();
        assertSame(before.health(), after.health());
    }

    @Test
    void roundRobinIsExactOverThreeContainers() {
        Config c = config(List.of(service("web", List.of(http(3000, 80)))), List.of(
                container("a", "web", 1, "10.0.0.1", Map.of()),
                container("b", "web", 1, "10.0.0.2", Map.of()),
                container("c", "web", 1, "10.0.0.3", Map.of())));
        ServiceRoute r = RouteTable.compile(c, health).port(80).route("x");
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(r.upstreams().next(List.of(), System.nanoTime()).containerId());
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), picks);
    }

    @Test
    void roundRobinSkipsTriedAndFailedUpstreams() {
        Config c = config(List.of(service("web", List.of(http(3000, 80)))), List.of(
                container("a", "web", 1, "10.0.0.1", Map.of()),
                container("b", "web", 1, "10.0.0.2", Map.of()),
                container("c", "web", 1, "10.0.0.3", Map.of())));
        ServiceRoute r = RouteTable.compile(c, health).port(80).route("x");
        List<Upstream> all = r.upstreams().upstreams();
        long now = System.nanoTime();
        all.get(1).health().failed(now);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(r.upstreams().next(List.of(), now).containerId());
        }
        assertEquals(List.of("a", "c", "c", "a"), picks, "b is skipped while down");
        assertEquals("c", r.upstreams().next(List.of(all.get(0)), now).containerId());
        assertEquals("b", r.upstreams().next(List.of(all.get(0), all.get(2)), now).containerId(),
                "a down upstream is still tried when nothing else is left");
        assertNull(r.upstreams().next(all, now));
        assertTrue(all.get(1).health().available(now + TimeUnit.SECONDS.toNanos(11)), "back after fail_timeout");
    }
}
