package io.edgeplane.perf.proxy;

import io.edgeplane.conf.model.ServerName;
import io.edgeplane.proxy.route.HostMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host routing on one port shared by 100 services, each with an exact name, a leading and a
 * trailing wildcard, plus 10 regex services and a catch-all: the per-request cost of choosing a
 * service. The peer is the naive form of the same rules (scan every entry in precedence order,
 * as a straightforward implementation of nginx's rules would), measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostMatchBenchmark {

    @Param({"exact", "leading", "trailing", "regex", "catchall"})
    public String kind;

    private HostMatcher<String> matcher;
    private List<List<ServerName>> naive;
    private String host;

    @Setup
    public void setUp() {
        HostMatcher.Builder<String> builder = HostMatcher.builder();
        List<ServerName> exact = new ArrayList<>();
        List<ServerName> leading = new ArrayList<>();
        List<ServerName> trailing = new ArrayList<>();
        List<ServerName> regex = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ServerName e = ServerName.exact("app" + i + ".example.com");
            ServerName l = new ServerName(ServerName.Kind.LEADING_WILDCARD, "*.svc" + i + ".example.net", ".svc" + i + ".example.net", null);
            ServerName t = new ServerName(ServerName.Kind.TRAILING_WILDCARD, "www" + i + ".example.*", "www" + i + ".example.", null);
            builder.add("service" + i, List.of(e, l, t));
            exact.add(e);
            leading.add(l);
            trailing.add(t);
        }
        for (int i = 0; i < 10; i++) {
            String re = "^api" + i + "-\\d+\\.example\\.org$";
            ServerName r = new ServerName(ServerName.Kind.REGEX, "~" + re, re, Pattern.compile(re));
            builder.add("regex" + i, List.of(r));
            regex.add(r);
        }
        builder.add("fallback", List.of(ServerName.catchAll()));
        matcher = builder.build();
        naive = List.of(exact, leading, trailing, regex, List.of(ServerName.catchAll()));
        host = switch (kind) {
            case "exact" -> "app57.example.com";
            case "leading" -> "a.b.svc57.example.net";
            case "trailing" -> "www57.example.io";
            case "regex" -> "api7-123.example.org";
            default -> "unknown.example.com";
        };
    }

    @Benchmark
    public String edgeHostMatcher() {
        return matcher.match(ServerName.normalise(host));
    }

    @Benchmark
    public ServerName naiveScan() {
        String h = ServerName.normalise(host);
        for (List<ServerName> stage : naive) {
            for (ServerName n : stage) {
                if (n.matches(h)) {
                    return n;
                }
            }
        }
        return null;
    }
}
