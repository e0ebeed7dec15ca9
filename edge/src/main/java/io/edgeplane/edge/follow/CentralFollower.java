package io.edgeplane.edge.follow;

import io.edgeplane.edge.control.StateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Keeps a {@link FollowerRegistry} at the central's revision: long-polls the central, adopts
 * each new snapshot whole, and when the central is away keeps serving the last one, retrying
 * with {@link Backoff}. An outage is logged once when it starts and once when it ends, not at
 * every retry. Runs on its own thread, which may block: it is no event loop.
 */
public final class CentralFollower implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("follow");

    private final CentralClient client;
    private final FollowerRegistry registry;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private volatile boolean stopping;
    private volatile boolean reachable;
    private Thread thread;

    public CentralFollower(CentralClient client, FollowerRegistry registry, Backoff backoff, Duration pollTimeout) {
        this.client = client;
        this.registry = registry;
        this.backoff = backoff;
        this.pollTimeout = pollTimeout;
    }

    /** Polls every 30 s at most, retries from 0.2 s up to 5 s apart. */
    public static CentralFollower of(CentralClient client, FollowerRegistry registry) {
        return new CentralFollower(client, registry, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)),
                Duration.ofSeconds(30));
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("edge-central-follower").daemon().start(this::follow);
        }
    }

    /** Whether the last exchange with the central succeeded. */
    public boolean reachable() {
        return reachable;
    }

    private void follow() {
        boolean away = false;
        boolean first = true;
        while (!stopping) {
            String problem;
            try {
                CentralClient.Reply reply = client.poll(registry.current().revision(), pollTimeout);
                if (reply.status() == 200) {
                    registry.adopt(StateJson.parse(reply.body()), reply.body());
                    reachable = true;
                    backoff.reset();
                    if (away) {
                        LOG.log(System.Logger.Level.INFO, "central " + client.central() + " is back; at revision "
                                + registry.current().revision());
                        away = false;
                    } else if (first) {
                        LOG.log(System.Logger.Level.INFO, "following the central " + client.central() + " at revision "
                                + registry.current().revision());
                    }
                    first = false;
                    continue;
                }
                problem = "it answered " + reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8).strip();
            } catch (InterruptedException e) {
                break;
            } catch (IOException e) {
                problem = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            } catch (IllegalArgumentException e) {
                problem = "its state does not parse here: " + e.getMessage();
            }
            if (stopping) {
                break;
            }
            reachable = false;
            first = false;
            if (!away) {
                LOG.log(System.Logger.Level.WARNING, "central " + client.central() + " unreachable (" + problem
                        + "); serving revision " + registry.current().revision() + " until it is back, retrying");
                away = true;
            }
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
