package io.edgeplane.conf.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Peak heap use while a test runs, sampled every 20 ms on a daemon thread (the GiB streaming tests). */
public final class HeapSampler implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public HeapSampler() {
        thread = Thread.ofPlatform().daemon().start(() -> {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public long peakBytes() {
        return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1000);
    }
}
