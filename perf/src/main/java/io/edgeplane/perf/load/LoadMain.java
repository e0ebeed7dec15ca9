package io.edgeplane.perf.load;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop load at a fixed concurrency for a fixed time, optionally running a deploy command
 * part-way, then the results as tab-separated files for {@code perf/load-test.sh} to draw and
 * summarise. Each of {@code --concurrency} threads keeps one connection (HTTP) or socket (DNS)
 * and sends its next request as soon as the previous answer is complete, as wrk and dnsperf do.
 *
 * <pre>
 * java -cp perf/target/benchmarks.jar io.edgeplane.perf.load.LoadMain --out-dir DIR
 *     (--http URL [--host NAME] [--close] | --dns ADDRESS:PORT --name NAME [--type A])
 *     [--seconds 30] [--concurrency 16] [--timeout-ms 2000] [--deploy-at S --deploy-cmd CMD] [--quiet]
 * </pre>
 *
 * Writes {@code seconds.tsv} (one line per second), {@code phases.tsv} (before, during and
 * after the deploy, or one "all" line) and {@code meta.tsv} into the output directory, and the
 * deploy command's output into {@code deploy.log}. Latency percentiles are of successful
 * requests; a request is filed under the second (and phase) in which it finished.
 */
public final class LoadMain {

    private static final long CONNECT_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DEPLOY_GRACE_SECONDS = 120;

    private String http;
    private String host;
    private boolean close;
    private String dns;
    private String name;
    private String type = "A";
    private int seconds = 30;
    private int concurrency = 16;
    private int timeoutMillis = 2000;
    private double deployAt = -1;
    private String deployCmd;
    private Path outDir;
    private boolean quiet;

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        LoadMain m = new LoadMain();
        try {
            m.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(2);
        }
        System.exit(m.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--close")) {
                close = true;
                continue;
            }
            if (a.equals("--quiet")) {
                quiet = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--http" -> http = v;
                case "--host" -> host = v;
                case "--dns" -> dns = v;
                case "--name" -> name = v;
                case "--type" -> type = v;
                case "--seconds" -> seconds = positive(a, v);
                case "--concurrency" -> concurrency = positive(a, v);
                case "--timeout-ms" -> timeoutMillis = positive(a, v);
                case "--deploy-at" -> deployAt = Double.parseDouble(v);
                case "--deploy-cmd" -> deployCmd = v;
                case "--out-dir" -> outDir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if ((http == null) == (dns == null)) {
            throw new IllegalArgumentException("give exactly one of --http URL and --dns ADDRESS:PORT");
        }
        if (dns != null && name == null) {
            throw new IllegalArgumentException("--dns needs --name");
        }
        if ((deployAt >= 0) != (deployCmd != null)) {
            throw new IllegalArgumentException("--deploy-at and --deploy-cmd go together");
        }
        if (deployAt >= seconds) {
            throw new IllegalArgumentException("--deploy-at must be less than --seconds");
        }
        if (outDir == null) {
            throw new IllegalArgumentException("--out-dir is required");
        }
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }

    private Exchange newExchange() throws IOException {
        if (http != null) {
            return new HttpExchange(URI.create(http), host, close, timeoutMillis);
        }
        int colon = dns.lastIndexOf(':');
        String address = colon < 0 ? dns : dns.substring(0, colon);
        int port = colon < 0 ? 53 : Integer.parseInt(dns.substring(colon + 1));
        return new DnsExchange(new InetSocketAddress(address.replaceAll("^\\[|\\]$", ""), port), name, type, timeoutMillis);
    }

    private int run() throws Exception {
        Files.createDirectories(outDir);
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            exchanges.add(newExchange());
        }
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        Timeline timeline = new Timeline(start, seconds);
        List<Thread> workers = new ArrayList<>();
        for (Exchange x : exchanges) {
            workers.add(Thread.ofPlatform().daemon().name("load-" + workers.size()).start(() -> work(x, timeline, end)));
        }
        Thread progress = Thread.ofPlatform().daemon().name("load-progress").start(() -> progress(timeline, end));
        Process deploy = deployAt >= 0 ? deploy(timeline, start) : null;
        for (Thread w : workers) {
            w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + timeoutMillis + 1000L));
        }
        exchanges.forEach(Exchange::close);
        progress.join(1500);
        Integer deployExit = null;
        if (deploy != null) {
            if (deploy.isAlive()) {
                System.out.println("load: finished; waiting up to " + DEPLOY_GRACE_SECONDS + " s for the deploy command");
            }
            if (deploy.waitFor(DEPLOY_GRACE_SECONDS, TimeUnit.SECONDS)) {
                deployExit = deploy.exitValue();
            } else {
                deploy.descendants().forEach(ProcessHandle::destroy);
                deploy.destroy();
                System.out.println("load: the deploy command did not finish; stopped it");
            }
        }
        write(timeline, deployExit);
        return 0;
    }

    private static void work(Exchange x, Timeline timeline, long end) {
        while (true) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
                return;
            }
            String error = x.exchange();
            long t1 = System.nanoTime();
            if (t1 <= end) {
                timeline.record(t1, (t1 - t0) / 1000, error);
            }
            if (error != null && x.lastWasConnectError()) {
                LockSupport.parkNanos(CONNECT_ERROR_PAUSE_NANOS);
            }
        }
    }

    /** Starts the deploy command at its moment, on a thread that marks its start and end. */
    private Process deploy(Timeline timeline, long start) throws InterruptedException, IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", deployCmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outDir.resolve("deploy.log").toFile()))
                .redirectInput(new File("/dev/null"));
        long at = start + (long) (deployAt * 1e9);
        long wait;
        while ((wait = at - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        timeline.deployStarted(System.nanoTime());
        Process p = pb.start();
        // Stopped early (SIGTERM, Ctrl-C): take the deploy command and what it started along.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }));
        if (!quiet) {
            System.out.printf(Locale.ROOT, "load: %.1fs deploy command started%n", timeline.deployStartSeconds());
        }
        p.onExit().thenRun(() -> {
            timeline.deployEnded(System.nanoTime());
            if (!quiet) {
                System.out.printf(Locale.ROOT, "load: %.1fs deploy command ended (exit %d)%n",
                        timeline.deployEndSeconds(), p.exitValue());
            }
        });
        return p;
    }

    private void progress(Timeline timeline, long end) {
        if (quiet) {
            return;
        }
        for (int s = 0; s < timeline.secondCount(); s++) {
            long due = timeline.startNanos() + TimeUnit.MILLISECONDS.toNanos(s * 1000L + 1100);
            long wait = due - System.nanoTime();
            try {
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() > end + TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Timeline.Bucket b = timeline.second(s);
            System.out.printf(Locale.ROOT, "load: %4ds %8d ok %6d errors  p50 %8.3f ms  p99 %8.3f ms%s%n", s + 1,
                    b.ok.count(), b.errors.sum(), ms(b.ok.percentile(0.50)), ms(b.ok.percentile(0.99)),
                    b.errors.sum() > 0 ? "  " + b.errorSummary() : "");
        }
    }

    private void write(Timeline timeline, Integer deployExit) throws IOException {
        try (PrintWriter w = writer("seconds.tsv")) {
            w.println("second\tok\terrors\tp50_ms\tp90_ms\tp99_ms\tmax_ms\terror_kinds");
            for (int s = 0; s < timeline.secondCount(); s++) {
                Timeline.Bucket b = timeline.second(s);
                w.printf(Locale.ROOT, "%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%s%n", s + 1, b.ok.count(), b.errors.sum(),
                        ms(b.ok.percentile(0.50)), ms(b.ok.percentile(0.90)), ms(b.ok.percentile(0.99)), ms(b.ok.max()),
                        b.errorSummary());
            }
        }
        double ds = timeline.deployStartSeconds();
        double de = Math.min(seconds, timeline.deployEndSeconds());
        try (PrintWriter w = writer("phases.tsv")) {
            w.println("phase\tfrom_s\tto_s\trequests\terrors\tok_per_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\terror_kinds");
            if (Double.isNaN(ds)) {
                phase(w, "all", timeline.phase(Timeline.Phase.BEFORE), 0, seconds);
            } else {
                phase(w, "before", timeline.phase(Timeline.Phase.BEFORE), 0, ds);
                phase(w, "during", timeline.phase(Timeline.Phase.DURING), ds, de);
                phase(w, "after", timeline.phase(Timeline.Phase.AFTER), de, seconds);
            }
        }
        Timeline.Bucket all = new Timeline.Bucket();
        for (Timeline.Phase p : Timeline.Phase.values()) {
            Timeline.Bucket b = timeline.phase(p);
            all.ok.addAll(b.ok);
            all.all.addAll(b.all);
            all.errors.add(b.errors.sum());
            b.errorKinds.forEach((k, v) -> all.errorKinds.computeIfAbsent(k, x -> new java.util.concurrent.atomic.LongAdder()).add(v.sum()));
        }
        try (PrintWriter w = writer("meta.tsv")) {
            w.println("target\t" + (http != null ? http + (host != null ? " (Host: " + host + ")" : "") : dns + " " + name + " " + type));
            w.println("kind\t" + (http != null ? "http" : "dns"));
            w.println("seconds\t" + seconds);
            w.println("concurrency\t" + concurrency);
            w.println("timeout_ms\t" + timeoutMillis);
            w.println("keepalive\t" + (http != null && close ? "no" : "yes"));
            w.println("deploy_at\t" + (deployAt >= 0 ? deployAt : "-"));
            w.println("deploy_start_s\t" + (Double.isNaN(ds) ? "-" : String.format(Locale.ROOT, "%.2f", ds)));
            w.println("deploy_end_s\t" + (Double.isNaN(timeline.deployEndSeconds()) ? "-"
                    : String.format(Locale.ROOT, "%.2f", timeline.deployEndSeconds())));
            w.println("deploy_exit\t" + (deployExit == null ? (deployAt >= 0 ? "unfinished" : "-") : deployExit));
            w.println("requests\t" + all.requests());
            w.println("errors\t" + all.errors.sum());
            w.println("ok_per_s\t" + String.format(Locale.ROOT, "%.0f", all.ok.count() / (double) seconds));
            w.println("p50_ms\t" + String.format(Locale.ROOT, "%.3f", ms(all.ok.percentile(0.50))));
            w.println("p99_ms\t" + String.format(Locale.ROOT, "%.3f", ms(all.ok.percentile(0.99))));
            w.println("max_ms\t" + String.format(Locale.ROOT, "%.3f", ms(all.ok.max())));
            w.println("error_kinds\t" + all.errorSummary());
        }
    }

    private static void phase(PrintWriter w, String name, Timeline.Bucket b, double from, double to) {
        double span = Math.max(to - from, 1e-9);
        w.printf(Locale.ROOT, "%s\t%.2f\t%.2f\t%d\t%d\t%.0f\t%.3f\t%.3f\t%.3f\t%.3f\t%s%n", name, from, to, b.requests(),
                b.errors.sum(), to > from ? b.ok.count() / span : 0.0, ms(b.ok.percentile(0.50)),
                ms(b.ok.percentile(0.90)), ms(b.ok.percentile(0.99)), ms(b.ok.max()), b.errorSummary());
    }

    private PrintWriter writer(String file) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(outDir.resolve(file), StandardCharsets.UTF_8));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
