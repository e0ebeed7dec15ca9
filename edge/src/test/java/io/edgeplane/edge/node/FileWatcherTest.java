package io.edgeplane.edge.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The watcher reloads on changes to its files only, however busy the rest of their directory. */
class FileWatcherTest {

    @Test
    @Timeout(30)
    void aFileWrittenAllTheTimeBesideTheConfigurationNeitherReloadsNorDelaysAReload(@TempDir Path dir)
            throws Exception {
        Path service = Files.writeString(dir.resolve("service.yml"), "services: {}\n");
        BlockingQueue<String> reloads = new LinkedBlockingQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread logger = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; writing.get(); i++) {
                    Files.writeString(dir.resolve("access.log"), "line " + i + "\n",
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (FileWatcher watcher = FileWatcher.start(List.of(service), Duration.ofMillis(200), reloads::add)) {
            assertNull(reloads.poll(1, TimeUnit.SECONDS), "the log beside it is not a reason to reload");
            Files.writeString(service, "services: {web: {}}\n");
            // Before, quiet was waited for across the whole directory, which the log never gave.
            assertEquals("service.yml", reloads.poll(5, TimeUnit.SECONDS));
        } finally {
            writing.set(false);
            logger.join();
        }
    }
}
