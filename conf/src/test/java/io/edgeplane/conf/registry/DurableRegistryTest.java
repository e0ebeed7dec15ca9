package io.edgeplane.conf.registry;

import static io.edgeplane.conf.registry.SampleConfigs.SETTINGS;
import static io.edgeplane.conf.registry.SampleConfigs.service;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Location;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableRegistryTest {

    @TempDir
    Path dir;

    @Test
    void startsEmptyAtRevisionZero() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir.resolve("state"), SETTINGS)) {
            assertEquals(0, registry.current().revision());
            assertEquals(new Config(SETTINGS, Services.EMPTY, Inventory.EMPTY), registry.current().config());
            assertTrue(Files.notExists(registry.stateFile()), "nothing is written before the first change");
        }
    }

    @Test
    void subscriberGetsTheCurrentSnapshotAtOnceThenEachNewOneInOrder() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            registry.apply(SampleConfigs.numbered(1));
            List<Long> seen = new ArrayList<>();

            Subscription subscription = registry.subscribe("test", s -> seen.add(s.revision()));
            assertEquals(List.of(1L), seen, "the current snapshot is delivered before subscribe returns");

            registry.apply(SampleConfigs.numbered(2));
            registry.apply(SampleConfigs.numbered(3));
            subscription.close();
            registry.apply(SampleConfigs.numbered(4));

            assertEquals(List.of(1L, 2L, 3L), seen);
        }
    }

    @Test
    void snapshotsFromManyThreadsArriveInRevisionOrder() throws Exception {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            List<Long> seen = new CopyOnWriteArrayList<>();
            registry.subscribe("test", s -> seen.add(s.revision()));
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 100;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 1; i <= 5; i++) {
                        registry.apply(SampleConfigs.numbered(base + i));
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }

            assertEquals(21, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void throwingSubscriberDoesNotBreakOthers() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            List<Long> seen = new ArrayList<>();
            registry.subscribe("broken", s -> {
                if (s.revision() > 0) {
                    throw new IllegalStateException("boom");
                }
            });
            registry.subscribe("good", s -> seen.add(s.revision()));

            ApplyResult result = registry.apply(SampleConfigs.numbered(1));

            assertInstanceOf(ApplyResult.Applied.class, result);
            assertEquals(List.of(0L, 1L), seen);
        }
    }

    @Test
    void theAppliedLineComesAfterDeliveryAndNamesThePartsThatFailed() throws IOException {
        java.util.logging.Logger registryLog = java.util.logging.Logger.getLogger("registry");
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        registryLog.addHandler(capture);
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            registry.subscribe("proxy", s -> lines.add("delivered " + s.revision()));
            registry.subscribe("overlay", s -> {
                if (s.revision() > 0) {
                    throw new IllegalStateException("no TUN");
                }
            });

            registry.apply(SampleConfigs.numbered(1));

            List<String> ofOne = lines.stream().filter(l -> l.contains(" 1")).toList();
            assertTrue(ofOne.get(0).startsWith("INFO revision 1: "), ofOne::toString);
            assertEquals("delivered 1", ofOne.get(1));
            String applied = ofOne.getLast();
            assertTrue(applied.startsWith("WARNING revision 1 applied in ") && applied.endsWith("; not applied by overlay"),
                    applied);
        } finally {
            registryLog.removeHandler(capture);
        }
    }

    @Test
    void subscriberFailingOnTheCurrentSnapshotIsNotAdded() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            List<Long> seen = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> registry.subscribe("part", s -> {
                seen.add(s.revision());
                throw new IllegalStateException("port 80 in use");
            }));
            registry.apply(SampleConfigs.numbered(1));
            assertEquals(List.of(0L), seen);
        }
    }

    @Test
    void subscriberMayNotChangeTheRegistry() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            assertThrows(IllegalStateException.class,
                    () -> registry.subscribe("loop", s -> registry.apply(SampleConfigs.numbered(9))));
        }
    }

    @Test
    void loadedWithErrorsIsRejectedAndTheOldSnapshotStays() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            registry.apply(SampleConfigs.numbered(1));
            Snapshot before = registry.current();
            byte[] onDisk = Files.readAllBytes(registry.stateFile());
            List<Snapshot> delivered = new ArrayList<>();
            registry.subscribe("test", delivered::add);
            Problem error = Problem.error(new Location("service.yml", 3, 14), "services.web.ports[0]",
                    "3000:80:443:1", "has 4 fields", "CONTAINER[:HTTP[:HTTPS]]");

            ApplyResult result = registry.apply(new Loaded(null, List.of(error)));

            ApplyResult.Rejected rejected = assertInstanceOf(ApplyResult.Rejected.class, result);
            assertEquals(List.of(error), rejected.errors());
            assertEquals(before, rejected.snapshot());
            assertEquals(before, registry.current());
            assertEquals(List.of(before), delivered, "nothing new was delivered");
            assertArrayEquals(onDisk, Files.readAllBytes(registry.stateFile()));
        }
    }

    @Test
    void invalidConfigBuiltInCodeIsRejected() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            registry.apply(SampleConfigs.webAndApi(1));
            Snapshot before = registry.current();
            // Two services on one HTTP port, neither with traffic_matches: no way to route.
            Config bad = new Config(SETTINGS, new Services(List.of(service("a", 3000, 80, null),
                    service("b", 4000, 80, null))), Inventory.EMPTY);

            ApplyResult result = registry.apply(bad);

            ApplyResult.Rejected rejected = assertInstanceOf(ApplyResult.Rejected.class, result);
            assertTrue(!rejected.errors().isEmpty());
            assertEquals(before, registry.current());
        }
    }

    @Test
    void equalConfigurationIsUnchanged() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            ApplyResult first = registry.apply(SampleConfigs.webAndApi(7));
            ApplyResult second = registry.apply(SampleConfigs.webAndApi(7));

            ApplyResult.Applied applied = assertInstanceOf(ApplyResult.Applied.class, first);
            assertEquals(1, applied.snapshot().revision());
            assertEquals(List.of("web", "api"), applied.change().servicesAdded());
            assertEquals(applied.snapshot(), assertInstanceOf(ApplyResult.Unchanged.class, second).snapshot());
        }
    }

    @Test
    void updateChangesTheCurrentConfiguration() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            registry.apply(SampleConfigs.webAndApi(7));
            ApplyResult result = registry.update(c -> new Config(c.settings(), c.services(), new Inventory(
                    c.inventory().servers(), List.of(SampleConfigs.container("web-8-a", "web", 8)), List.of())));

            Change change = assertInstanceOf(ApplyResult.Applied.class, result).change();
            assertEquals(List.of(new Change.VersionMove("web", 7, 8)), change.versionMoves());
        }
    }

    @Test
    void reopeningYieldsTheLastRevisionWithTheNewSettings() throws IOException {
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            registry.apply(SampleConfigs.webAndApi(1));
            registry.apply(SampleConfigs.webAndApi(2));
        }
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            assertEquals(new Snapshot(2, SampleConfigs.webAndApi(2)), registry.current());
            assertEquals(3, ((ApplyResult.Applied) registry.apply(SampleConfigs.webAndApi(3))).snapshot().revision());
        }
    }

    @Test
    void secondRegistryOnTheSameDirectoryIsRefused() throws IOException {
        DurableRegistry first = DurableRegistry.open(dir, SETTINGS);
        try {
            IOException e = assertThrows(IOException.class, () -> DurableRegistry.open(dir, SETTINGS));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        } finally {
            first.close();
        }
    }

    @Test
    void damagedStateFileIsReportedAndLeftUntouched() throws IOException {
        new StateFile(dir).write(new StateFile.Contents(5, "services: {}\n", "servers: []\n"));
        Path file = dir.resolve(StateFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(file, bytes);

        DamagedStateException e = assertThrows(DamagedStateException.class, () -> DurableRegistry.open(dir, SETTINGS));

        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum")
                && e.getMessage().contains("move it aside"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(StateDirLock.NAME, StateFile.NAME),
                    listing.map(p -> p.getFileName().toString()).sorted().toList(), "no other file was written");
        }
        // The lock was released: once the file is moved aside the node starts from scratch.
        Files.move(file, dir.resolve(StateFile.NAME + ".damaged"));
        try (DurableRegistry registry = DurableRegistry.open(dir, SETTINGS)) {
            assertEquals(0, registry.current().revision());
        }
    }

    @Test
    void truncatedStateFileIsReportedAndLeftUntouched() throws IOException {
        new StateFile(dir).write(new StateFile.Contents(5, "services: {}\n", "servers: []\n"));
        Path file = dir.resolve(StateFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        Files.write(file, truncated);

        DamagedStateException e = assertThrows(DamagedStateException.class, () -> DurableRegistry.open(dir, SETTINGS));

        assertTrue(e.reason().contains("truncated"), e.getMessage());
        assertArrayEquals(truncated, Files.readAllBytes(file));
    }
}
