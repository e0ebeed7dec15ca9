package io.edgeplane.proxy.stream;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Every open TCP connection and UDP session by container id: the counts the control API reports
 * (a container is drained once its count is 0) and the set each new table is reviewed against.
 * Event loops add and remove; the configuration thread reviews and counts.
 */
public final class ActiveStreams {

    private final ConcurrentHashMap<String, Set<ActiveStream>> byContainer = new ConcurrentHashMap<>();
    private final Supplier<StreamTable> table;
    // Kept apart from the sets so that a scrape or a drain wait reads two numbers, not every stream.
    private final AtomicInteger tcpOpen = new AtomicInteger();
    private final AtomicInteger udpOpen = new AtomicInteger();
    // TCP connections closed at accept (or UDP datagrams dropped instead of starting a session):
    // the port's max_stream_connections was reached, or no
    // container was ready. Adders: event loops only add; a scrape sums.
    private final LongAdder refusedAtCap = new LongAdder();
    private final LongAdder refusedNoContainer = new LongAdder();

    public ActiveStreams(Supplier<StreamTable> table) {
        this.table = table;
    }

    /**
     * Counts a stream that just started. It is reviewed against the table in force now: it chose
     * its container from a table that may have been replaced since, after the replacing table's
     * review had already passed over the streams.
     */
    public void add(ActiveStream stream) {
        boolean[] added = new boolean[1];
        byContainer.compute(stream.target().containerId(), (id, set) -> {
            Set<ActiveStream> s = set != null ? set : ConcurrentHashMap.newKeySet();
            added[0] = s.add(stream);
            return s;
        });
        if (added[0]) {
            (stream.udp() ? udpOpen : tcpOpen).incrementAndGet();
        }
        stream.review(table.get());
    }

    public void remove(ActiveStream stream) {
        boolean[] removed = new boolean[1];
        byContainer.computeIfPresent(stream.target().containerId(), (id, set) -> {
            removed[0] = set.remove(stream);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            (stream.udp() ? udpOpen : tcpOpen).decrementAndGet();
        }
    }

    /**
     * A TCP connection closed at accept, or a datagram dropped instead of starting a UDP session,
     * because its port had {@code max_stream_connections} open.
     */
    public void refusedAtCap() {
        refusedAtCap.increment();
    }

    /** A TCP connection closed at once because no container of the port's service was ready. */
    public void refusedNoContainer() {
        refusedNoContainer.increment();
    }

    public long refusedAtCapTotal() {
        return refusedAtCap.sum();
    }

    public long refusedNoContainerTotal() {
        return refusedNoContainer.sum();
    }

    /** Starts or stops draining each stream per {@code table}. */
    public void review(StreamTable table) {
        byContainer.values().forEach(set -> set.forEach(s -> s.review(table)));
    }

    /** Open connections plus sessions per container id (containers with none are absent). */
    public Map<String, Integer> countsByContainer() {
        Map<String, Integer> counts = new TreeMap<>();
        byContainer.forEach((id, set) -> {
            int n = set.size();
            if (n > 0) {
                counts.put(id, n);
            }
        });
        return counts;
    }

    public int count(String containerId) {
        Set<ActiveStream> set = byContainer.get(containerId);
        return set == null ? 0 : set.size();
    }

    public int total() {
        int n = 0;
        for (Set<ActiveStream> set : byContainer.values()) {
            n += set.size();
        }
        return n;
    }

    /** Open TCP connections (UDP sessions left out). */
    public int tcpTotal() {
        return tcpOpen.get();
    }

    /** Open UDP sessions. */
    public int udpTotal() {
        return udpOpen.get();
    }

    /** Closes every stream (the proxy stops). */
    public void closeAll() {
        byContainer.values().forEach(set -> set.forEach(ActiveStream::close));
    }
}
