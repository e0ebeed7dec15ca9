package io.edgeplane.edge.node;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls back when any of some files changes. It watches their directories, not the files, so
 * editors that save by writing a new file and renaming it over the old one are seen too. Events
 * are debounced: the callback runs once the directory has been quiet for {@code quiet}, so a
 * save in several writes (or three files copied in a row) is one reload, not a reload of a
 * half-written file.
 */
final class FileWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("edge");

    private final WatchService watcher;
    private final Map<WatchKey, Set<Path>> namesByKey = new HashMap<>();
    private final Thread thread;

    private FileWatcher(List<Path> files, Duration quiet, Consumer<String> onChange) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        Map<Path, Set<Path>> namesByDir = new HashMap<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            namesByDir.computeIfAbsent(absolute.getParent(), d -> new HashSet<>()).add(absolute.getFileName());
        }
        try {
            for (Map.Entry<Path, Set<Path>> dir : namesByDir.entrySet()) {
                WatchKey key = dir.getKey().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                namesByKey.put(key, dir.getValue());
            }
        } catch (IOException e) {
            watcher.close();
            throw e;
        }
        thread = Thread.ofPlatform().name("edge-file-watcher").daemon().start(() -> watch(quiet, onChange));
    }

    /** Starts watching; {@code onChange} gets the names of the changed files, e.g. {@code service.yml}. */
    static FileWatcher start(List<Path> files, Duration quiet, Consumer<String> onChange) throws IOException {
        return new FileWatcher(files, quiet, onChange);
    }

    private void watch(Duration quiet, Consumer<String> onChange) {
        try {
            while (true) {
                Set<String> changed = new TreeSet<>();
                while (!collect(watcher.take(), changed)) {
                    // only other files of the directory changed
                }
                // Quiet is measured from the last change to a watched file: other files of the
                // directory (a log written beside the configuration) may change all the time.
                long deadline = System.nanoTime() + quiet.toNanos();
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    WatchKey more = watcher.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    if (collect(more, changed)) {
                        deadline = System.nanoTime() + quiet.toNanos();
                    }
                }
                try {
                    onChange.accept(String.join(", ", changed));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "reload after a file change failed: " + e, e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the node is stopping
        }
    }

    /** Adds the watched files {@code key} reports changed; true if there was any. */
    private boolean collect(WatchKey key, Set<String> changed) {
        Set<Path> names = namesByKey.getOrDefault(key, Set.of());
        boolean any = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                // Events were lost; any of the files may have changed.
                names.forEach(n -> changed.add(n.toString()));
                any = true;
            } else if (event.context() instanceof Path name && names.contains(name)) {
                changed.add(name.toString());
                any = true;
            }
        }
        key.reset();
        return any;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
