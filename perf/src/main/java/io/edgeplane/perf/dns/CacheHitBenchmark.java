package io.edgeplane.perf.dns;

import com.github.benmanes.caffeine.cache.Ticker;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.dns.client.NodeResolver;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The node client's cache hit: a query for {@code api.cloud66.local} (three A records) answered
 * from stored wire bytes (ID patched, records rotated, TTLs counted down). The peer is the
 * straightforward way with the same library: parse the query into a dnsjava {@link Message},
 * build the answer message from cached records, write it to wire format.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheHitBenchmark {

    private final InetAddress caller = InetAddress.ofLiteral("127.0.0.1");
    private NodeResolver resolver;
    private byte[] query;
    private final ByteBuffer in = ByteBuffer.allocate(512);
    private final ByteBuffer out = ByteBuffer.allocate(1232);
    private List<Record> records;
    private short id;

    @Setup
    public void setUp() throws Exception {
        Loaded loaded = ConfigLoader.parse("edge.yml", null, Path.of("."), "service.yml", "services:\n  api: {}\n",
                "inventory.yml", "");
        resolver = NodeResolver.standalone(loaded.config(), Ticker.systemTicker());
        Name name = Name.fromString("api.cloud66.local.");
        Message response = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);
        records = List.of(new ARecord(name, DClass.IN, 86_400, InetAddress.ofLiteral("10.32.1.5")),
                new ARecord(name, DClass.IN, 86_400, InetAddress.ofLiteral("10.32.1.6")),
                new ARecord(name, DClass.IN, 86_400, InetAddress.ofLiteral("10.32.1.7")));
        records.forEach(r -> response.addRecord(r, Section.ANSWER));
        resolver.prime(response.toWire(), caller, 0);
        query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)).toWire();
        if (cacheHit() <= 0) {
            throw new IllegalStateException("the primed answer is not served from the cache");
        }
    }

    @Benchmark
    public int cacheHit() {
        in.clear();
        in.put(query).flip();
        out.clear();
        return resolver.answerFromCache(in, caller, out);
    }

    @Benchmark
    public byte[] dnsjavaMessages() throws Exception {
        Message q = new Message(query);
        Message a = new Message(q.getHeader().getID());
        a.getHeader().setFlag(Flags.QR);
        a.getHeader().setFlag(Flags.RD);
        a.getHeader().setFlag(Flags.RA);
        a.addRecord(q.getQuestion(), Section.QUESTION);
        int shift = (id++ & 0x7fff) % records.size();
        for (int i = 0; i < records.size(); i++) {
            a.addRecord(records.get((i + shift) % records.size()), Section.ANSWER);
        }
        return a.toWire(1232);
    }
}
