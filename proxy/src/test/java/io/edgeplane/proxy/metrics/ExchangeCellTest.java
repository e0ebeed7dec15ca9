package io.edgeplane.proxy.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The cells and their buckets, without a proxy: where a value lands, and how threads add up. */
class ExchangeCellTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ServiceCells web = new ServiceCells("web", registry, true);

    @Test
    void aValueOnABoundIsInThatBucketAndOneAboveTheLastIsInfinity() {
        assertEquals(0, LatencyBuckets.of(0));
        assertEquals(0, LatencyBuckets.of(100_000), "100 µs is le=1.0E-4");
        assertEquals(1, LatencyBuckets.of(100_001));
        assertEquals(2, LatencyBuckets.of(300_000), "between 250 and 500 µs");
        assertEquals(17, LatencyBuckets.of(60_000_000_000L), "a minute, the last bound");
        assertEquals(18, LatencyBuckets.of(60_000_000_001L), "+Inf");
        assertEquals(18, LatencyBuckets.of(Long.MAX_VALUE));
        assertEquals(ProxyMeters.LATENCY_BUCKETS.length + 1, LatencyBuckets.COUNT);
    }

    @Test
    void upperBoundsAreTheBucketsInSecondsThenInfinity() {
        double[] le = LatencyBuckets.upperBoundsSeconds();
        assertEquals(1.0E-4, le[0]);
        assertEquals(2.5E-4, le[1]);
        assertEquals(0.001, le[3]);
        assertEquals(60.0, le[17]);
        assertEquals(Double.POSITIVE_INFINITY, le[18]);
    }

    @Test
    void aCellCountsStatusClassesBucketsAndTheSum() {
        ExchangeCell cell = web.cellOfCurrentThread();
        cell.exchange(200, 100_000);
        cell.exchange(204, 300_000);
        cell.exchange(0, -1);                   // the client left before any status, no upstream
        cell.exchange(700, 61_000_000_000L);    // a container's odd status, after a minute
        assertEquals(2, cell.requests(StatusClasses.of(200)));
        assertEquals(1, cell.requests(StatusClasses.of(0)));
        assertEquals(1, cell.requests(StatusClasses.of(700)));
        assertEquals(1, cell.bucket(0));
        assertEquals(1, cell.bucket(2));
        assertEquals(1, cell.bucket(18));
        assertEquals(100_000 + 300_000 + 61_000_000_000L, cell.latencySumNanos());
        assertEquals(3, web.latencyCount(), "the exchange without an upstream has no latency");
        assertEquals(2, registry.get(ProxyMeters.REQUESTS).tag("status", "2xx").functionCounter().count());
        assertEquals(1, registry.get(ProxyMeters.REQUESTS).tag("status", "other").functionCounter().count());
    }

    @Test
    void eachThreadRecordsIntoItsOwnCellAndTheScrapeSumsThem() throws Exception {
        ExchangeCell mine = web.cellOfCurrentThread();
        assertSame(mine, web.cellOfCurrentThread());
        int n = 100_000;
        Thread other = Thread.ofPlatform().start(() -> {
            ExchangeCell theirs = web.cellOfCurrentThread();
            assertNotSame(mine, theirs);
            for (int i = 0; i < n; i++) {
                theirs.exchange(200, 1_000_000);    // 1 ms: bucket 3
            }
        });
        for (int i = 0; i < n; i++) {
            mine.exchange(500, 100_000);            // 100 µs: bucket 0
        }
        other.join(TimeUnit.SECONDS.toMillis(10));

        assertEquals(n, web.requests(StatusClasses.of(200)));
        assertEquals(n, web.requests(StatusClasses.of(500)));
        long[] expected = new long[LatencyBuckets.COUNT];
        expected[0] = n;
        expected[3] = n;
        assertArrayEquals(expected, web.latencyBuckets());
        assertEquals(n * 1_100_000.0, web.latencySumNanos());
        assertEquals(2L * n, (long) registry.get(ProxyMeters.LATENCY).functionTimer().count());
    }

    @Test
    void aCellUsedFromAnotherThreadRecordsIntoThatThreadsCell() throws Exception {
        ExchangeCell mine = web.cellOfCurrentThread();
        CompletableFuture.runAsync(() -> mine.exchange(200, 100_000)).get(10, TimeUnit.SECONDS);
        assertEquals(0, mine.requests(StatusClasses.of(200)), "the owner's cell is its alone");
        assertEquals(1, web.requests(StatusClasses.of(200)));
    }
}
