package io.edgeplane.dns.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changing dns.listen keeps the endpoints that stay, and a failed bind keeps what was there. */
class ListenerChangeTest {

    private static Config listening(Endpoint... endpoints) {
        Settings d = Settings.defaults();
        Settings.Dns dns = new Settings.Dns(d.dns().zone(), List.of(endpoints), d.dns().centralListen(),
                List.of(Endpoint.of("127.0.0.1", 9)), d.dns().ttl(), d.dns().allow());
        return new Config(new Settings(d.node(), d.central(), d.control(), d.proxy(), dns, d.overlay()),
                Config.empty().services(), Config.empty().inventory());
    }

    @Test
    void addingAnEndpointKeepsTheOldSocketAndAFailedBindKeepsEverything() throws Exception {
        // Named ports below the ephemeral range: a port 0 picked for UDP could be another
        // connection's TCP port by the time the listener binds both.
        int a = io.edgeplane.conf.testing.LoopbackPorts.tcpAndUdp();
        int b = io.edgeplane.conf.testing.LoopbackPorts.tcpAndUdp();
        Endpoint first = Endpoint.of("127.0.0.1", a);
        Endpoint second = Endpoint.of("127.0.0.1", b);
        try (NodeClient client = new NodeClient()) {
            client.apply(listening(first));
            assertEquals(List.of(first), client.endpoints());
            client.apply(listening(first, second));
            assertEquals(List.of(first, second), client.endpoints());
            try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                Endpoint busy = Endpoint.of("127.0.0.1", taken.getLocalPort());
                assertThrows(RuntimeException.class, () -> client.apply(listening(first, busy)));
            }
            assertEquals(List.of(first, second), client.endpoints());
            client.apply(listening(second));
            assertEquals(List.of(second), client.endpoints());
        }
    }
}
