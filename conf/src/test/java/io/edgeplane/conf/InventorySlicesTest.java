package io.edgeplane.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Server;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new inventory keeps the slices the central gave its servers. */
class InventorySlicesTest {

    private static Server server(String name, String slice) {
        return new Server(name, InetAddress.ofLiteral("10.0.0." + name.length()), null,
                slice == null ? null : Cidr.parse(slice));
    }

    @Test
    void serversWithoutASliceTakeTheOneTheyHadAndOthersKeepTheirs() {
        Inventory before = new Inventory(List.of(server("web-1", "10.40.0.0/24"), server("web-2", "10.40.1.0/24")),
                List.of(), List.of());
        Inventory next = new Inventory(List.of(server("web-0", null), server("web-1", null),
                server("web-2", "10.40.9.0/24")), List.of(), List.of());

        Inventory kept = next.keepingSlicesOf(before);

        assertNull(kept.server("web-0").orElseThrow().slice(), "new: the central assigns it");
        assertEquals(Cidr.parse("10.40.0.0/24"), kept.server("web-1").orElseThrow().slice());
        assertEquals(Cidr.parse("10.40.9.0/24"), kept.server("web-2").orElseThrow().slice(), "named in the file: kept");
        assertSame(before, before.keepingSlicesOf(next), "nothing to fill: the same inventory");
    }
}
