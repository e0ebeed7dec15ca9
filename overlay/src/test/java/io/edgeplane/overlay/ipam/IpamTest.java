package io.edgeplane.overlay.ipam;

import static org.junit.jupiter.api.Assertions.*;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Server;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpamTest {

    static final Cidr NETWORK = Cidr.parse("10.32.0.0/12");

    static Server server(String name) {
        return new Server(name, InetAddress.ofLiteral("10.0.0.1"), null);
    }

    @Test
    void newServersGetTheLowestFreeSlicesInOrder() {
        Map<String, Cidr> s = SliceAllocator.assign(Map.of(), List.of(server("web-1"), server("web-2")), NETWORK, 24);
        assertEquals(Cidr.parse("10.32.0.0/24"), s.get("web-1"));
        assertEquals(Cidr.parse("10.32.1.0/24"), s.get("web-2"));
    }

    @Test
    void existingSlicesNeverMoveAndFreedOnesAreReused() {
        Map<String, Cidr> first = SliceAllocator.assign(Map.of(), List.of(server("a"), server("b"), server("c")), NETWORK, 24);
        // b leaves; d arrives listed first: a and c keep theirs, d takes b's old slice
        Map<String, Cidr> second = SliceAllocator.assign(first, List.of(server("d"), server("a"), server("c")), NETWORK, 24);
        assertEquals(first.get("a"), second.get("a"));
        assertEquals(first.get("c"), second.get("c"));
        assertEquals(first.get("b"), second.get("d"));
        // the same input again (a restart handing back the stored result) changes nothing
        assertEquals(second, SliceAllocator.assign(second, List.of(server("d"), server("a"), server("c")), NETWORK, 24));
        assertEquals(3, new HashSet<>(second.values()).size());
    }

    @Test
    void aSliceOutsideTheNetworkIsReplacedAndExhaustionIsAnError() {
        Map<String, Cidr> s = SliceAllocator.assign(Map.of("a", Cidr.parse("192.168.0.0/24")), List.of(server("a")), NETWORK, 24);
        assertEquals(Cidr.parse("10.32.0.0/24"), s.get("a"));
        Cidr tiny = Cidr.parse("10.32.0.0/23");
        assertThrows(IllegalStateException.class,
                () -> SliceAllocator.assign(Map.of(), List.of(server("a"), server("b"), server("c")), tiny, 24));
        Map<String, Cidr> v6 = SliceAllocator.assign(Map.of(), List.of(server("a"), server("b")), Cidr.parse("fd32::/48"), 64);
        assertEquals(Cidr.parse("fd32:0:0:1::/64"), v6.get("b"));
    }

    @Test
    void containersGetFreeAddressesOfTheirServersSliceAndKeepThem() {
        Map<String, Cidr> slices = Map.of("web-1", Cidr.parse("10.32.1.0/24"), "web-2", Cidr.parse("10.32.2.0/24"));
        assertEquals(InetAddress.ofLiteral("10.32.1.1"), AddressAllocator.gateway(slices.get("web-1")));
        Inventory inv = new Inventory(List.of(server("web-1"), server("web-2")), List.of(
                new Container("x", "web", 1, "web-1", InetAddress.ofLiteral("10.32.1.2"), Map.of()),
                new Container("y", "web", 1, "web-1", null, Map.of()),
                new Container("z", "web", 1, "web-2", null, Map.of()),
                new Container("w", "web", 1, "web-1", null, Map.of())), List.of());
        Map<String, InetAddress> a = AddressAllocator.assign(inv, slices);
        assertEquals(InetAddress.ofLiteral("10.32.1.2"), a.get("x"));
        assertEquals(InetAddress.ofLiteral("10.32.1.3"), a.get("y"));
        assertEquals(InetAddress.ofLiteral("10.32.2.2"), a.get("z"));
        assertEquals(InetAddress.ofLiteral("10.32.1.4"), a.get("w"));
        // registered with their addresses (as after a restart), nothing moves or repeats
        Inventory registered = new Inventory(inv.servers(), inv.containers().stream()
                .map(c -> new Container(c.id(), c.service(), c.version(), c.server(), a.get(c.id()), Map.of())).toList(), List.of());
        assertEquals(a, AddressAllocator.assign(registered, slices));
        assertEquals(InetAddress.ofLiteral("10.32.1.5"),
                AddressAllocator.allocate(slices.get("web-1"), a.values()));
    }

    @Test
    void aFullSliceIsAnError() {
        Cidr slice = Cidr.parse("10.32.1.0/30");
        assertEquals(InetAddress.ofLiteral("10.32.1.2"), AddressAllocator.allocate(slice, List.of()));
        assertThrows(IllegalStateException.class,
                () -> AddressAllocator.allocate(slice, List.of(InetAddress.ofLiteral("10.32.1.2"))));
    }
}
