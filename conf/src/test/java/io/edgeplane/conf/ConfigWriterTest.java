package io.edgeplane.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the writer writes, the loader reads back into equal records. */
class ConfigWriterTest {

    @Test
    void exampleConfigurationRoundTrips() {
        Path examples = Path.of("examples");
        Loaded loaded = ConfigLoader.load(ConfigFiles.resolve(examples.resolve("edge.yml"), null, null));
        assertTrue(loaded.ok(), () -> Configs.format(loaded.problems()));
        var config = loaded.config();
        assertEquals(3, config.services().list().size());
        assertEquals(2, config.inventory().servers().size());
        assertEquals(2, config.inventory().databases().getFirst().groups().size());

        String services = ConfigWriter.services(config.services());
        String inventory = ConfigWriter.inventory(config.inventory());
        Loaded again = Configs.parse(services, inventory, null);
        assertTrue(again.ok(), () -> Configs.format(again.problems()) + "\n" + services + inventory);
        assertEquals(config.services(), again.config().services());
        assertEquals(config.inventory(), again.config().inventory());
    }

    @Test
    void implicitDatabaseGroupPublishedPortsAndEveryPortKindRoundTrip() {
        Loaded loaded = Configs.parse("""
                services:
                  mail:
                    ports: [{container: 25, tcp: 25, udp: 111}, "3000:80:443", "4000::8443"]
                    traffic_matches: ["*.mail.example.com", "_"]
                    health: default
                    proxy_protocol: v2
                """, """
                servers: [{name: s1, address: "fd00::1", overlay_key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", slice: 10.32.7.0/24}]
                containers:
                  - {id: m1, service: mail, version: 3, server: s1, address: 127.0.0.1, published: {25: 32768, 3000: 32769}}
                databases:
                  mongodb: {servers: [10.0.0.31]}
                """, null);
        assertTrue(loaded.ok(), () -> Configs.format(loaded.problems()));
        Loaded again = Configs.parse(ConfigWriter.services(loaded.config().services()),
                ConfigWriter.inventory(loaded.config().inventory()), null);
        assertTrue(again.ok(), () -> Configs.format(again.problems()));
        assertEquals(loaded.config().services(), again.config().services());
        assertEquals(loaded.config().inventory(), again.config().inventory());
    }
}
