package io.edgeplane.conf.registry;

import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.model.Config;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The configuration every part of a node works from, as a sequence of revisioned snapshots.
 *
 * <p>Delivery: {@link #subscribe} hands the subscriber the current snapshot before it returns,
 * then every later one in revision order, never two at once. A subscriber that throws on a later
 * snapshot is logged and keeps its subscription; the others still get the snapshot. Subscribers
 * run on the thread that committed the change, so they must be quick (compile a lookup structure,
 * publish it) and must not call {@link #apply} themselves.
 *
 * <p>Changes: a candidate is committed only when it validates as a whole; otherwise the current
 * snapshot stays and the errors come back in {@link ApplyResult.Rejected}.
 */
public interface Registry {

    /** The snapshot being served now; never null. */
    Snapshot current();

    /**
     * Delivers the current snapshot to {@code subscriber} on this thread, then every new one.
     * If that first delivery throws, the subscriber is not added and the exception propagates:
     * a part that cannot start on the current configuration should stop the node from starting.
     *
     * @param name used in log lines when the subscriber fails, e.g. {@code proxy}
     */
    Subscription subscribe(String name, Consumer<Snapshot> subscriber);

    default Subscription subscribe(Consumer<Snapshot> subscriber) {
        return subscribe("subscriber", subscriber);
    }

    /** Commits a configuration read from files, unless {@link Loaded#errors()} has any. */
    ApplyResult apply(Loaded candidate);

    /** Commits a configuration built in code (the API), after validating it whole. */
    ApplyResult apply(Config candidate);

    /**
     * Commits {@code change} applied to the current configuration, atomically with respect to
     * other changes (two API calls adding a container each both land).
     */
    ApplyResult update(UnaryOperator<Config> change);
}
