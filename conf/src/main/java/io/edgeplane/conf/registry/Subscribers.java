package io.edgeplane.conf.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The subscribers of one registry and the delivery of snapshots to them. Not ordered by itself:
 * the registry calls {@link #add} and {@link #deliver} under its commit lock, which is what
 * makes delivery in-order and never concurrent.
 */
final class Subscribers {

    private static final System.Logger LOG = System.getLogger("registry");

    /** Each subscription is its own object so closing one never removes an equal twin. */
    private static final class Entry {
        final String name;
        final Consumer<Snapshot> consumer;

        Entry(String name, Consumer<Snapshot> consumer) {
            this.name = name;
            this.consumer = consumer;
        }
    }

    // Copy-on-write so a subscriber may close its subscription while being called.
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Delivers {@code current} first; if that throws, nothing is added and the exception propagates. */
    Subscription add(String name, Consumer<Snapshot> consumer, Snapshot current) {
        consumer.accept(current);
        Entry entry = new Entry(name, consumer);
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** Hands {@code snapshot} to every subscriber; returns the names of those that failed on it. */
    List<String> deliver(Snapshot snapshot) {
        List<String> failed = List.of();
        for (Entry entry : entries) {
            try {
                entry.consumer.accept(snapshot);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // One broken part must not keep the others on an old configuration.
                LOG.log(System.Logger.Level.ERROR,
                        entry.name + " failed on revision " + snapshot.revision() + ": " + e, e);
                failed = failed.isEmpty() ? new ArrayList<>() : failed;
                failed.add(entry.name);
            }
        }
        return failed;
    }
}
