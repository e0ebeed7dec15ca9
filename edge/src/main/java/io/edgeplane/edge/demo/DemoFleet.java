package io.edgeplane.edge.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The demo containers running in this JVM, of every version. Closing it stops them all. */
final class DemoFleet implements AutoCloseable {

    /** The one server of the demo inventory: this machine. */
    static final String SERVER = "demo";

    private final LoopbackAddresses addresses;
    private final int slowSeconds;
    private final List<DemoContainer> running = new CopyOnWriteArrayList<>();

    DemoFleet(LoopbackAddresses addresses, int slowSeconds) {
        this.addresses = addresses;
        this.slowSeconds = slowSeconds;
    }

    /** Starts the containers of {@code version} for the services chosen. */
    List<DemoContainer> start(int version, Predicate<DemoService> services) throws IOException {
        List<DemoContainer> started = new ArrayList<>();
        for (DemoService service : DemoService.ALL) {
            if (!services.test(service)) {
                continue;
            }
            for (int n = 0; n < service.replicas(); n++) {
                DemoContainer c = DemoContainer.start(new ContainerSpec(service.containerId(version, n), service, version,
                        addresses.of(service, version, n)), slowSeconds);
                running.add(c);
                started.add(c);
            }
        }
        return started;
    }

    List<DemoContainer> running() {
        return List.copyOf(running);
    }

    /** The running containers of {@code service} at {@code version}. */
    List<DemoContainer> of(DemoService service, int version) {
        return running.stream().filter(c -> c.spec().service() == service && c.spec().version() == version).toList();
    }

    String address(DemoService service, int version, int n) {
        return addresses.of(service, version, n);
    }

    /**
     * Stops {@code old} once each has finished what it is serving (at most {@code timeout}), in
     * the background: a container leaves the inventory first, and is stopped only when drained,
     * as an orchestrator does with the control API's {@code drained} state.
     */
    void retire(List<DemoContainer> old, Duration timeout, Consumer<String> say) {
        for (DemoContainer c : old) {
            Thread.ofVirtual().name("retire-" + c.spec().id()).start(() -> {
                Instant deadline = Instant.now().plus(timeout);
                boolean told = false;
                try {
                    while (c.inFlight() > 0 && Instant.now().isBefore(deadline)) {
                        if (!told) {
                            say.accept(c.spec().id() + " is out of the inventory and finishing " + c.inFlight()
                                    + " request(s) in flight; it stops when they end");
                            told = true;
                        }
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (told) {
                    say.accept(c.spec().id() + " has drained and stopped");
                }
                running.remove(c);
                c.close();
            });
        }
    }

    @Override
    public void close() {
        for (DemoContainer c : running) {
            c.close();
        }
        running.clear();
    }
}
