package io.edgeplane.edge.control;

import io.edgeplane.conf.registry.Registry;
import io.edgeplane.conf.registry.Snapshot;
import io.edgeplane.conf.registry.Subscription;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /v1/state?wait=N}: answers as soon as the revision is other than N, or with the
 * unchanged state when the timeout passes. "Other than", not "greater than": a central that lost
 * its state and counts again from 1 must still be followed. A waiting request is a callback in a
 * list and a timer on its event loop; no thread waits.
 */
final class StateLongPoll implements AutoCloseable {

    private final Registry registry;
    private final Executor answering;
    private final List<Waiter> waiters = new ArrayList<>();
    private final Subscription subscription;

    private final class Waiter {
        final long revision;
        final Consumer<Snapshot> answer;
        io.netty.util.concurrent.Future<?> timer;

        Waiter(long revision, Consumer<Snapshot> answer) {
            this.revision = revision;
            this.answer = answer;
        }
    }

    /** @param answering runs the answers, so a commit never waits on encoding or sockets */
    StateLongPoll(Registry registry, Executor answering) {
        this.registry = registry;
        this.answering = answering;
        this.subscription = registry.subscribe("control API long-polls", this::changed);
    }

    /**
     * Calls {@code answer} once: now when the current revision is not {@code revision}, else at
     * the next revision or after {@code timeout}. Returns a handle that forgets the wait (the
     * caller's connection closed).
     */
    Runnable await(long revision, Duration timeout, EventExecutor timerLoop, Consumer<Snapshot> answer) {
        Waiter waiter = new Waiter(revision, answer);
        synchronized (waiters) {
            // Checked under the lock the subscriber takes, after the registry set its current
            // snapshot: a commit between the check and the add is never missed.
            Snapshot now = registry.current();
            if (now.revision() != revision) {
                answering.execute(() -> answer.accept(now));
                return () -> { };
            }
            waiters.add(waiter);
            waiter.timer = timerLoop.schedule(() -> {
                if (remove(waiter)) {
                    answering.execute(() -> answer.accept(registry.current()));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return () -> {
            if (remove(waiter)) {
                waiter.timer.cancel(false);
            }
        };
    }

    int waiting() {
        synchronized (waiters) {
            return waiters.size();
        }
    }

    private boolean remove(Waiter waiter) {
        synchronized (waiters) {
            return waiters.remove(waiter);
        }
    }

    private void changed(Snapshot snapshot) {
        List<Waiter> due = new ArrayList<>();
        synchronized (waiters) {
            waiters.removeIf(w -> {
                if (w.revision != snapshot.revision()) {
                    due.add(w);
                    return true;
                }
                return false;
            });
        }
        for (Waiter w : due) {
            w.timer.cancel(false);
            answering.execute(() -> w.answer.accept(snapshot));
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
