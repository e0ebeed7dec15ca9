package io.edgeplane.overlay;

import static org.junit.jupiter.api.Assertions.*;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.overlay.device.MemoryNetwork;
import io.edgeplane.overlay.device.Packets;
import io.edgeplane.overlay.keys.WgKeys;
import io.edgeplane.overlay.tun.MemoryTun;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The node part end to end in memory: registry snapshots in, slices and peers out, packets through. */
class ContainerNetTest {

    static Config config(String self, List<Server> servers) {
        Settings d = Settings.defaults();
        Settings s = new Settings(new Settings.Node(self, Set.of(io.edgeplane.conf.model.Role.NODE)), d.central(), d.control(),
                d.proxy(), d.dns(), d.overlay());
        return new Config(s, Services.EMPTY, new Inventory(servers, List.of(), List.of()));
    }

    @Test
    void snapshotsBecomePeersAndTrafficFlowsBetweenSlices() throws Exception {
        String keyA = WgKeys.genkey();
        String keyB = WgKeys.genkey();
        List<Server> servers = List.of(
                new Server("web-1", InetAddress.ofLiteral("192.0.2.1"), WgKeys.pubkey(keyA)),
                new Server("web-2", InetAddress.ofLiteral("192.0.2.2"), WgKeys.pubkey(keyB)),
                new Server("db-1", InetAddress.ofLiteral("192.0.2.3"), null));
        MemoryNetwork net = new MemoryNetwork();
        MemoryTun tunA = new MemoryTun(1420);
        MemoryTun tunB = new MemoryTun(1420);
        List<Map<String, Cidr>> persisted = new ArrayList<>();
        byte[] psk = Base64.getDecoder().decode(WgKeys.genpsk());
        try (ContainerNet a = new ContainerNet(WgKeys.decode(keyA), psk, tunA, net.bind("192.0.2.1", 6784), false, Map.of(),
                m -> {
                    persisted.add(m);
                    return m;
                });
             ContainerNet b = new ContainerNet(WgKeys.decode(keyB), psk, tunB, net.bind("192.0.2.2", 6784), false, Map.of(), m -> m)) {
            a.apply(config("web-1", servers));
            b.apply(config("web-2", servers));
            a.start();
            b.start();
            assertEquals(Cidr.parse("10.32.0.0/24"), a.ownSlice());
            assertEquals(Cidr.parse("10.32.1.0/24"), b.ownSlice());
            assertEquals(1, a.device().peers().size(), "db-1 has no key; self is no peer");
            assertEquals(1, persisted.size());

            byte[] p = Packets.ipv4("10.32.0.5", "10.32.1.9", "hello".getBytes());
            tunA.inject(p);
            assertArrayEquals(p, tunB.take(3000));

            // the same snapshot again changes nothing and keeps the session
            a.apply(config("web-1", servers));
            assertEquals(1, persisted.size());
            tunA.inject(p);
            assertArrayEquals(p, tunB.take(3000));
            assertEquals(1, a.stats().get("handshakes_completed"));

            // web-2 leaves the inventory: its peer goes, its slice is freed
            a.apply(config("web-1", List.of(servers.get(0), servers.get(2))));
            assertTrue(a.device().peers().isEmpty());
            assertFalse(a.slices().containsKey("web-2"));
        }
    }
}
