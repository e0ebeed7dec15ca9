package io.edgeplane.conf.registry;

import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.ConfigWriter;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The registry of a central: every committed revision is in {@code <stateDir>/registry.state}
 * before {@link #apply} returns, so what was acknowledged survives {@code kill -9} or a power cut.
 * Only the shared part (services and inventory) is stored; this server's settings come from its
 * edge.yml at every start and live only in memory.
 *
 * <p>One lock orders everything that changes the registry: validate, write, publish, deliver.
 * Writes are rare (deploys, edits) and small, so serialising them costs nothing and makes
 * "revision N is on disk and every subscriber saw N-1 before N" hold without further thought.
 */
public final class DurableRegistry implements Registry, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("registry");

    private final StateFile stateFile;
    private final StateDirLock dirLock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Subscribers subscribers = new Subscribers();
    private volatile Snapshot current;
    private boolean closed;

    private DurableRegistry(StateFile stateFile, StateDirLock dirLock, Snapshot current) {
        this.stateFile = stateFile;
        this.dirLock = dirLock;
        this.current = current;
    }

    /**
     * Opens (creating when needed) a state directory. Without a state file the registry starts at
     * revision 0 with no services and no inventory.
     *
     * @throws DamagedStateException when the state file exists but is damaged; it is left as it is
     * @throws IOException           when the directory cannot be created, read or locked
     */
    public static DurableRegistry open(Path stateDir, Settings settings) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            StateFile.syncDirectory(dir.getParent());
        }
        StateDirLock dirLock = StateDirLock.acquire(dir);
        try {
            StateFile stateFile = new StateFile(dir);
            Snapshot first = stateFile.exists() ? restore(stateFile, settings)
                    : new Snapshot(0, new Config(settings, Services.EMPTY, Inventory.EMPTY));
            return new DurableRegistry(stateFile, dirLock, first);
        } catch (IOException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
    }

    private static Snapshot restore(StateFile stateFile, Settings settings) throws IOException {
        StateFile.Contents contents = stateFile.read();
        String name = stateFile.path().toString();
        Loaded stored = ConfigLoader.parse(name + " (settings)", null, stateFile.path().getParent(), name + " (services)",
                contents.services(), name + " (inventory)", contents.inventory());
        if (!stored.ok()) {
            throw new DamagedStateException(stateFile.path(), "it holds a configuration this edge does not accept: "
                    + String.join("; ", stored.errors().stream().map(Problem::format).toList()));
        }
        Config config = new Config(settings, stored.config().services(), stored.config().inventory());
        LOG.log(System.Logger.Level.INFO, "revision " + contents.revision() + " restored from " + stateFile.path());
        return new Snapshot(contents.revision(), config);
    }

    public Path stateFile() {
        return stateFile.path();
    }

    @Override
    public Snapshot current() {
        return current;
    }

    @Override
    public Subscription subscribe(String name, Consumer<Snapshot> subscriber) {
        enter();
        try {
            return subscribers.add(name, subscriber, current);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ApplyResult apply(Loaded candidate) {
        return commit(now -> candidate.ok() ? new Candidate(candidate.config(), List.of())
                : new Candidate(null, candidate.errors()));
    }

    @Override
    public ApplyResult apply(Config candidate) {
        return commit(now -> Candidate.validated(candidate));
    }

    @Override
    public ApplyResult update(UnaryOperator<Config> change) {
        return commit(now -> Candidate.validated(change.apply(now)));
    }

    /**
     * @throws UncheckedIOException when the state file cannot be written; nothing is committed
     */
    private ApplyResult commit(Function<Config, Candidate> propose) {
        enter();
        try {
            Snapshot before = current;
            Candidate candidate = propose.apply(before.config());
            if (!candidate.errors().isEmpty()) {
                return new ApplyResult.Rejected(before, candidate.errors());
            }
            if (candidate.config().equals(before.config())) {
                return new ApplyResult.Unchanged(before);
            }
            Snapshot after = new Snapshot(before.revision() + 1, candidate.config());
            persist(after);
            current = after;
            Change change = Change.between(before.config(), after.config());
            LOG.log(System.Logger.Level.INFO, "revision " + after.revision() + ": " + change.describe());
            long started = System.nanoTime();
            List<String> failed = subscribers.deliver(after);
            // Operators (and tests) read this line as "now it is in force", so it comes after delivery.
            LOG.log(failed.isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    "revision " + after.revision() + " applied in " + (System.nanoTime() - started) / 1_000_000 + " ms"
                            + (failed.isEmpty() ? "" : "; not applied by " + String.join(", ", failed)));
            return new ApplyResult.Applied(before, after, change);
        } finally {
            lock.unlock();
        }
    }

    private void persist(Snapshot snapshot) {
        Config config = snapshot.config();
        try {
            stateFile.write(new StateFile.Contents(snapshot.revision(), ConfigWriter.services(config.services()),
                    ConfigWriter.inventory(config.inventory())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + stateFile.path() + " (" + e.getMessage()
                    + "): revision " + snapshot.revision() + " not committed, still serving revision "
                    + current.revision(), e);
        }
    }

    /** Takes the lock, refusing re-entry from a subscriber (it would deliver out of order). */
    private void enter() {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a registry subscriber must not change or subscribe to the registry");
        }
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("registry " + stateFile.path().getParent() + " is closed");
        }
    }

    /** Releases the state directory; {@link #current()} keeps answering, changes are refused. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                dirLock.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A proposed configuration, or the errors that rule it out. */
    private record Candidate(Config config, List<Problem> errors) {

        static Candidate validated(Config config) {
            List<Problem> errors = ConfigLoader.validate(config).stream().filter(Problem::isError).toList();
            return new Candidate(errors.isEmpty() ? config : null, errors);
        }
    }
}
