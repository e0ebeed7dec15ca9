package io.edgeplane.conf.registry;

import static io.edgeplane.conf.registry.SampleConfigs.container;
import static io.edgeplane.conf.registry.SampleConfigs.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTest {

    @Test
    void equalConfigurationsHaveNoChange() {
        Change change = Change.between(SampleConfigs.webAndApi(7), SampleConfigs.webAndApi(7));
        assertTrue(change.isEmpty());
        assertEquals("no change", change.describe());
    }

    @Test
    void namesServicesAndContainersAddedRemovedAndVersionsMoved() {
        Config before = SampleConfigs.webAndApi(7);
        Config after = new Config(before.settings(),
                new Services(List.of(service("web", 3000, 80, "www.example.com"), service("admin", 5000, 81, null))),
                new Inventory(before.inventory().servers(),
                        List.of(container("web-8-a", "web", 8), container("web-8-b", "web", 8)), List.of()));

        Change change = Change.between(before, after);

        assertEquals(List.of("admin"), change.servicesAdded());
        assertEquals(List.of("api"), change.servicesRemoved());
        assertEquals(List.of("web"), change.servicesChanged());
        assertEquals(List.of("web-8-a", "web-8-b"), change.containersAdded());
        assertEquals(List.of("web-7-a"), change.containersRemoved());
        assertEquals(List.of(new Change.VersionMove("web", 7, 8)), change.versionMoves());
        assertFalse(change.settingsChanged());
        assertEquals("service admin added; service api removed; service web changed;"
                + " containers web-8-a, web-8-b added; container web-7-a removed; web version 7 -> 8",
                change.describe());
    }

    @Test
    void longListsAreCountedNotSpelledOut() {
        Config before = Config.empty();
        List<io.edgeplane.conf.model.Container> many = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            many.add(container("c" + i, "web", 1));
        }
        Config after = new Config(before.settings(), Services.EMPTY, new Inventory(List.of(), many, List.of()));

        assertEquals("containers c1, c2, c3, c4, c5 and 3 more added", Change.between(before, after).describe());
    }
}
