package io.edgeplane.edge.follow;

import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Location;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.ApplyResult;
import io.edgeplane.conf.registry.Change;
import io.edgeplane.conf.registry.Registry;
import io.edgeplane.conf.registry.Snapshot;
import io.edgeplane.conf.registry.Subscription;
import io.edgeplane.edge.control.StateJson;
import io.edgeplane.edge.disk.AtomicFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The registry of a server that follows the central: the same interface the parts subscribe to
 * on the central, fed only by {@link #adopt} with the central's whole snapshots, at the central's
 * revisions. Local changes are refused: the central is where changes go.
 *
 * <p>Each adopted snapshot is written to {@code <state dir>/followed.state} (the central's own
 * JSON, replaced atomically) before the parts see it, so a node restarting while the central is
 * away serves what it served before. That copy is a cache of the central: if it cannot be read,
 * the node starts empty and says so, rather than refusing to start.
 */
public final class FollowerRegistry implements Registry, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("registry");
    static final String NAME = "followed.state";
    static final String LOCK = "followed.lock";

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String central;
    private final ReentrantLock commit = new ReentrantLock();
    private final List<Entry> subscribers = new CopyOnWriteArrayList<>();
    private volatile Snapshot current;

    private record Entry(String name, Consumer<Snapshot> consumer) {
    }

    private FollowerRegistry(Path file, FileChannel lockChannel, FileLock lock, String central, Snapshot current) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.central = central;
        this.current = current;
    }

    /**
     * Opens the follower's state in {@code stateDir}, restoring the last snapshot adopted.
     *
     * @param central the central's URL, for messages
     * @throws IOException when the directory cannot be created or is in use by another edge
     */
    public static FollowerRegistry open(Path stateDir, Settings settings, String central) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("state directory " + dir + " is in use by another edge process; stop it, or give"
                    + " this one its own control.state_dir");
        }
        Path file = dir.resolve(NAME);
        Snapshot first = new Snapshot(0, new Config(settings, Services.EMPTY, Inventory.EMPTY));
        if (Files.exists(file)) {
            try {
                StateJson.Parsed parsed = StateJson.parse(Files.readAllBytes(file));
                Config config = toConfig(parsed, settings, file.toString());
                first = new Snapshot(parsed.revision(), config);
                LOG.log(System.Logger.Level.INFO, "revision " + parsed.revision() + " of the central restored from " + file);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "the copy of the central's state in " + file + " cannot be used ("
                        + e.getMessage() + "); starting empty until the central answers");
            }
        }
        return new FollowerRegistry(file, channel, lock, central, first);
    }

    /**
     * Reads a state document of the central into this server's configuration.
     *
     * @throws IllegalArgumentException with the problems when the central's state does not parse here
     */
    public static Config toConfig(StateJson.Parsed parsed, Settings settings, String source) {
        Loaded loaded = ConfigLoader.parse(source + " (settings)", null, Path.of(""), source + " (services)",
                parsed.services(), source + " (inventory)", parsed.inventory());
        List<Problem> errors = loaded.errors();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors.stream().map(Problem::format).toList()));
        }
        return new Config(settings, loaded.config().services(), loaded.config().inventory());
    }

    public Path stateFile() {
        return file;
    }

    @Override
    public Snapshot current() {
        return current;
    }

    /**
     * Takes the central's snapshot: on disk first, then to the parts. Returns false when it is
     * the one already served.
     *
     * @param body the central's state document as received, stored as it is
     * @throws IOException when it cannot be written; the current snapshot then stays
     */
    public boolean adopt(StateJson.Parsed parsed, byte[] body) throws IOException {
        Config config = toConfig(parsed, current.config().settings(), central);
        commit.lock();
        try {
            Snapshot before = current;
            if (before.revision() == parsed.revision() && before.config().equals(config)) {
                return false;
            }
            AtomicFile.write(file, body);
            Snapshot after = new Snapshot(parsed.revision(), config);
            current = after;
            Change change = Change.between(before.config(), after.config());
            String back = parsed.revision() < before.revision() ? " (the central went back from revision "
                    + before.revision() + ")" : "";
            LOG.log(System.Logger.Level.INFO, "revision " + after.revision() + " from the central" + back + ": "
                    + change.describe());
            for (Entry e : subscribers) {
                try {
                    e.consumer().accept(after);
                } catch (VirtualMachineError error) {
                    throw error;
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.ERROR, e.name() + " failed on revision " + after.revision() + ": " + t, t);
                }
            }
            return true;
        } finally {
            commit.unlock();
        }
    }

    @Override
    public Subscription subscribe(String name, Consumer<Snapshot> subscriber) {
        commit.lock();
        try {
            subscriber.accept(current);
            Entry entry = new Entry(name, subscriber);
            subscribers.add(entry);
            return () -> subscribers.remove(entry);
        } finally {
            commit.unlock();
        }
    }

    @Override
    public ApplyResult apply(Loaded candidate) {
        return refused();
    }

    @Override
    public ApplyResult apply(Config candidate) {
        return refused();
    }

    @Override
    public ApplyResult update(UnaryOperator<Config> change) {
        return refused();
    }

    private ApplyResult refused() {
        return new ApplyResult.Rejected(current, List.of(Problem.error(Location.unknown("edge.yml"), "node.roles", null,
                "this server follows the central at " + central + " and takes its configuration from there",
                "send changes to the central")));
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
