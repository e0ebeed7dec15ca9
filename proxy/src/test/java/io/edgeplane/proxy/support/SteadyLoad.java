package io.edgeplane.proxy.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A few client threads sending GETs back to back over keep-alive connections for a fixed
 * time, recording for each request when it started, which container answered (X-Backend) and
 * every failure (an exception or a status other than 200).
 */
public final class SteadyLoad implements AutoCloseable {

    public record Sample(long startNanos, String backend) {
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    public SteadyLoad(int port, int threadCount, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        URI uri = URI.create("http://127.0.0.1:" + port + "/load");
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                // One client per thread: its own keep-alive connection, like one browser.
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
                    while (!stop && System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                samples.add(new Sample(start, r.headers().firstValue("X-Backend").orElse("?")));
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }
            }));
        }
    }

    /** Waits for the threads to finish their time. */
    public SteadyLoad await() throws InterruptedException {
        for (Thread t : threads) {
            t.join(30_000);
        }
        return this;
    }

    public List<Sample> samples() {
        return samples;
    }

    public List<String> failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        await();
    }
}
