package io.edgeplane.proxy.http;

import io.edgeplane.proxy.support.SocketContainers;

import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end fuzzing of the HTTP/1.1 client side through a real listener: a few hundred client
 * conversations generated from a fixed seed (valid requests of several kinds and random
 * mutations of them, written whole or in pieces, sometimes cut short) against one proxy in
 * front of a raw-socket container. Only what must always hold is checked: every response is a
 * well-formed HTTP/1.1 message; a refusal closes the connection; valid conversations get their
 * answers while the storm goes on; the container only ever receives sane request heads and never
 * a request the proxy refused; afterwards the proxy still serves, holds no connection, and Netty's
 * leak detector (paranoid) reports nothing.
 */
class ClientFuzzTest {

    private static final long SEED = 0x5EED_F022L;
    private static final int CONVERSATIONS = 600;
    private static final int PARALLEL = 32;
    private static final int MAX_BODY = 1000;
    private static final int MAX_REQUEST_LINE = 512;
    private static final int MAX_HEADERS = 2048;
    /** Far above every server-side timeout (600 ms at most): a read this long without a byte is a hang. */
    private static final int READ_TIMEOUT_MS = 8000;
    /** The statuses of a refused request: the proxy answers them with Connection: close and closes. */
    private static final Set<Integer> REFUSALS = Set.of(400, 408, 413, 414, 431, 501, 505);

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 [1-5][0-9]{2}(?: [\\t\\x20-\\x7e\\x80-\\xff]*)?");
    private static final Pattern FIELD_LINE = Pattern.compile(TOKEN + ":[\\t\\x20-\\x7e\\x80-\\xff]*");
    private static final Pattern REQUEST_LINE =
            Pattern.compile(TOKEN + " (?:/[\\x21-\\x7e\\x80-\\xff]*|\\*) HTTP/1\\.1");

    private static Proxy proxy;
    private static FuzzContainer container;
    private static int port;
    private static LeakCapture leaks;
    private static ResourceLeakDetector.Level previousLevel;

    @BeforeAll
    static void start() throws Exception {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        leaks = LeakCapture.install();
        container = new FuzzContainer();
        port = FreePorts.one();
        proxy = new Proxy(ProxyOptions.defaults()
                .withLimits(MAX_REQUEST_LINE, MAX_HEADERS)
                .withMaxBodySize(MAX_BODY)
                .withTimeouts(Duration.ofMillis(600), Duration.ofMillis(400), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .withClientIdleTimeout(Duration.ofMillis(600))
                .withPassiveHealth(1000, Duration.ofSeconds(1)));
        proxy.apply(TestConfig.create().http("web", port).container("web", container.port()).build());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            if (container != null) {
                container.close();
            }
            if (leaks != null) {
                leaks.uninstall();
            }
            ResourceLeakDetector.setLevel(previousLevel);
        }
    }

    // ================================================================ the storm

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theProxySurvivesAStormOfValidAndMalformedClientConversations() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(Conversation.generate(random, i));
        }

        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<Outcome>> running = new ArrayList<>();
            for (Conversation c : conversations) {
                running.add(clients.submit(() -> run(c)));
            }
            for (Future<Outcome> f : running) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        long stormMillis = (System.nanoTime() - started) / 1_000_000;

        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            failures.addAll(o.failures);
        }

        // The proxy still serves once the storm is over, and holds nothing open.
        assertEquals(200, RawHttpClient.get(port, "x", "/").status(), "the proxy still serves after the storm");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((proxy.openConnections() > 0 || busyUpstreams() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (proxy.openConnections() != 0) {
            failures.add(proxy.openConnections() + " client connection(s) still open 10 s after the storm");
        }
        if (busyUpstreams() != 0) {
            failures.add("upstream connections still attached 10 s after the storm: " + proxy.activeConnections());
        }

        // What the container received: only sane heads, never a request the proxy refused.
        for (String p : container.problems) {
            failures.add("container: " + p);
        }
        for (Outcome o : outcomes) {
            if (o.refusedFirst()) {
                for (FuzzContainer.Received r : container.received) {
                    if (r.complete && r.head.contains(o.c.tag())) {
                        failures.add(o.describe("the container received a whole request although the client's "
                                + "first answer was a refusal: " + escape(bytes(r.head), 300)));
                    }
                }
            }
        }

        // Buffers: nothing leaked (paranoid detection, reported on later allocations after a GC).
        List<String> leaked = leaks.awaitCanaryThenOtherLeaks();
        for (String l : leaked) {
            failures.add("LEAK: " + l);
        }

        printSummary(outcomes, stormMillis, (System.nanoTime() - started) / 1_000_000);
        assertTrue(failures.isEmpty(), failures.size() + " failure(s), first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
    }

    private static int busyUpstreams() {
        return proxy.activeConnections().values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void printSummary(List<Outcome> outcomes, long stormMillis, long totalMillis) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        int mutated = 0;
        int resets = 0;
        int refused = 0;
        int kept = 0;
        for (Outcome o : outcomes) {
            o.statuses.forEach(s -> statuses.merge(s, 1, Integer::sum));
            mutated += o.c.expected() == null ? 1 : 0;
            resets += o.reset ? 1 : 0;
            refused += o.refusedFirst() ? 1 : 0;
            kept += o.keptAfter400 ? 1 : 0;
        }
        long complete = container.received.stream().filter(r -> r.complete).count();
        System.out.printf("client fuzz: %d conversations (%d mutated) in %d ms (all checks %d ms); statuses %s; "
                        + "%d refused first; %d kept open after a 400; %d reset by the proxy; container got %d heads, "
                        + "%d whole requests%n",
                outcomes.size(), mutated, stormMillis, totalMillis, statuses, refused, kept, resets,
                container.received.size(), complete);
    }

    // ================================================================ cases the storm found

    /**
     * Found by the storm: an HTTP/1.0 request without a Host header went on as HTTP/1.1 without
     * one, which RFC 9112 §3.2 forbids (a client MUST send Host in every HTTP/1.1 request; a
     * strict container answers 400).
     */
    @Test
    void anHttp10RequestWithoutHostReachesTheContainerWithAHost() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /no-host HTTP/1.0\r\n\r\n");
            assertEquals(200, c.read().status());
        }
        String head = container.received.stream().map(r -> r.head).filter(h -> h.startsWith("GET /no-host "))
                .findFirst().orElseThrow();
        long hosts = head.lines().filter(l -> l.regionMatches(true, 0, "Host:", 0, 5)).count();
        assertEquals(1, hosts, "Host lines in the forwarded head:\n" + head);
    }

    /**
     * Found by the storm: a pipelined request whose bytes arrive in a later read, while the
     * exchange before it still waits on the container, is taken at once instead of after that
     * response: the frontend gets a second head mid-exchange and closes the connection, so
     * neither request is answered, though the container received and answered the first.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aPipelinedRequestArrivingDuringAnExchangeWaitsForItsTurn() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes("GET /slow/first HTTP/1.1\r\nHost: app.test\r\n\r\n"));
            Thread.sleep(100);      // the container answers /slow/ targets after 300 ms
            s.getOutputStream().write(bytes("GET /second HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n"));
            String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(2, got.split("HTTP/1\\.1 200 ", -1).length - 1, "two answers, in order: " + quote(got));
        }
    }

    /**
     * Found by the storm: bytes that are no request, arriving while an exchange waits on the
     * container, abort that exchange: the client gets only a 400 and a close, though the
     * container received the request whole and answered it (a POST the client will think was
     * refused). The refusal belongs after the response to the request before it.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void garbageArrivingDuringAnExchangeIsRefusedOnlyAfterItsResponse() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes("POST /slow/third HTTP/1.1\r\nHost: app.test\r\n\r\n"));
            Thread.sleep(100);
            s.getOutputStream().write(bytes("0\r\n\r\n"));
            String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(got.startsWith("HTTP/1.1 200 ") && got.contains("HTTP/1.1 400 "),
                    "the container's answer, then the refusal: " + quote(got));
        }
    }

    // ================================================================ one conversation

    private static Outcome run(Conversation c) {
        Outcome o = new Outcome(c);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            try {
                for (int i = 0; i < c.pieces().size(); i++) {
                    out.write(c.pieces().get(i));
                    out.flush();
                    if (c.pauses()[i] > 0) {
                        Thread.sleep(c.pauses()[i]);
                    }
                }
            } catch (IOException e) {
                o.writeFailed = true;       // the proxy closed first (a refusal): read what it said
            }
            switch (c.ending()) {
                case CLOSE -> {
                    if (c.reset()) {
                        s.setSoLinger(true, 0);
                    }
                    return o;
                }
                case HALF_CLOSE -> {
                    try {
                        s.shutdownOutput();
                    } catch (IOException ignored) {
                        // already closed by the proxy
                    }
                }
                case READ -> {
                }
            }
            readResponses(s, o);
        } catch (IOException | InterruptedException e) {
            o.fail("client side error " + e);
        }
        if (c.expected() != null && c.ending() == Ending.READ && o.failures.isEmpty()) {
            List<Integer> finals = o.statuses.stream().filter(x -> x >= 200 || x == 101).toList();
            boolean refusalLostToReset = o.reset && finals.isEmpty() && c.expected().stream().anyMatch(REFUSALS::contains);
            if (!finals.equals(c.expected()) && !refusalLostToReset) {
                o.fail("a valid conversation expected " + c.expected() + " (reset " + o.reset + ")");
            }
        }
        return o;
    }

    private static void readResponses(Socket s, Outcome o) throws IOException {
        Conversation c = o.c;
        boolean mayBeCut = c.ending() == Ending.HALF_CLOSE;
        InputStream in = new BufferedInputStream(s.getInputStream());
        try {
            while (true) {
                String statusLine = line(in);
                if (statusLine == null) {
                    o.closed = true;
                    return;
                }
                if (!statusLine.endsWith("\r\n")) {
                    if (!mayBeCut) {
                        o.fail("status line cut short: " + quote(statusLine));
                    }
                    return;
                }
                String status = statusLine.substring(0, statusLine.length() - 2);
                if (!STATUS_LINE.matcher(status).matches()) {
                    o.fail("malformed status line " + quote(statusLine));
                    return;
                }
                int code = Integer.parseInt(status.substring(9, 12));
                o.statuses.add(code);
                Map<String, String> headers = new HashMap<>();
                while (true) {
                    String h = line(in);
                    if (h == null || !h.endsWith("\n")) {
                        if (!mayBeCut) {
                            o.fail("response head cut short after " + quote(status));
                        }
                        return;
                    }
                    if (h.equals("\r\n")) {
                        break;
                    }
                    String field = h.substring(0, h.length() - 2);
                    if (!h.endsWith("\r\n") || !FIELD_LINE.matcher(field).matches()) {
                        o.fail("malformed response header line " + quote(h) + " after " + quote(status));
                        return;
                    }
                    int colon = field.indexOf(':');
                    headers.put(field.substring(0, colon).toLowerCase(Locale.ROOT), field.substring(colon + 1).trim());
                }
                if (code == 101) {
                    tunnel(s, in, o);
                    return;
                }
                if (code < 200) {
                    continue;
                }
                if (!readBody(in, code, headers, o)) {
                    if (!mayBeCut) {
                        o.fail("response body cut short: " + code + " " + headers);
                    }
                    return;
                }
                boolean close = "close".equalsIgnoreCase(headers.get("connection"));
                if (o.firstFinal == 0) {
                    o.firstFinal = code;
                    o.firstFinalCloses = close;
                }
                if (code == 400 && !close) {
                    // A well-framed request the proxy will not route (a request target that is
                    // neither origin nor absolute form): refused, but the framing is intact, so
                    // the connection is kept and the next request read. Not a framing refusal.
                    o.keptAfter400 = true;
                    continue;
                }
                if (REFUSALS.contains(code) || code >= 500) {
                    if (!REFUSALS.contains(code)) {
                        o.fail("the proxy could not serve the request: " + code);
                    }
                    if (!close) {
                        o.fail("refusal " + code + " without Connection: close");
                    }
                    int next = in.read();
                    if (next >= 0) {
                        o.fail("bytes after refusal " + code + ": " + quote((char) next + ""));
                    }
                    o.closed = true;
                    return;
                }
                if (close && !headers.containsKey("content-length") && !headers.containsKey("transfer-encoding")) {
                    o.closed = true;    // the body ran to the close
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            o.fail("neither an answer nor a close within " + READ_TIMEOUT_MS + " ms (a hang); statuses so far "
                    + o.statuses);
        } catch (SocketException e) {
            o.reset = true;             // reset by the proxy: it closed with bytes of ours unread
            o.closed = true;
        }
    }

    /** Reads one body; false when the connection ended inside it. */
    private static boolean readBody(InputStream in, int code, Map<String, String> headers, Outcome o)
            throws IOException {
        if (code == 204 || code == 304 || headers.containsKey("x-head")) {
            return true;
        }
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (te != null) {
            if (!te.equalsIgnoreCase("chunked")) {
                o.fail("response Transfer-Encoding " + te);
                return true;
            }
            while (true) {
                String size = line(in);
                if (size == null || !size.endsWith("\r\n")) {
                    return false;
                }
                int n = Integer.parseInt(size.substring(0, size.length() - 2).split(";")[0].trim(), 16);
                if (n == 0) {
                    for (String t = line(in); ; t = line(in)) {
                        if (t == null || !t.endsWith("\n")) {
                            return false;
                        }
                        if (t.equals("\r\n")) {
                            return true;
                        }
                    }
                }
                if (in.readNBytes(n).length < n) {
                    return false;
                }
                String crlf = line(in);
                if (crlf == null || !crlf.equals("\r\n")) {
                    return crlf != null && fail(o, "chunk data not followed by CRLF");
                }
            }
        }
        if (cl != null) {
            int n = Integer.parseInt(cl);
            return in.readNBytes(n).length == n;
        }
        in.readAllBytes();
        return true;
    }

    private static boolean fail(Outcome o, String what) {
        o.fail(what);
        return true;
    }

    /** After a 101: a valid Upgrade must echo what was sent after its head, and then our ping. */
    private static void tunnel(Socket s, InputStream in, Outcome o) throws IOException {
        Conversation c = o.c;
        byte[] ping = ("PING-" + c.tag()).getBytes(StandardCharsets.US_ASCII);
        try {
            s.getOutputStream().write(ping);
            s.getOutputStream().flush();
        } catch (IOException e) {
            if (c.expected() != null) {
                o.fail("tunnel closed before the ping: " + e);
            }
            return;
        }
        if (c.expected() == null) {
            s.setSoTimeout(300);
            try {
                in.readNBytes(4096);
            } catch (SocketTimeoutException | SocketException e) {
                // whatever the mutated conversation put in the tunnel: not checked
            }
            return;
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(c.tunnelEarly());
        expected.writeBytes(ping);
        byte[] echoed = in.readNBytes(expected.size());
        if (!Arrays.equals(expected.toByteArray(), echoed)) {
            o.fail("tunnel echoed " + escape(echoed, 200) + " instead of " + escape(expected.toByteArray(), 200));
        }
    }

    /** One line including its LF (and CR); what there was if the stream ended first; null at once-EOF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (c == '\n') {
                return b.toString();
            }
            if (b.length() > 65536) {
                throw new IOException("response line over 64 KiB");
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    // ================================================================ what a conversation is

    enum Ending { READ, HALF_CLOSE, CLOSE }

    /**
     * One client connection: the bytes it sends (in pieces, with pauses), how it ends, and for
     * an unmutated conversation the final statuses it must get.
     */
    record Conversation(int id, String tag, String kind, List<String> notes, byte[] bytes, List<byte[]> pieces,
                        int[] pauses, Ending ending, boolean reset, List<Integer> expected, byte[] tunnelEarly) {

        static Conversation generate(Random r, int id) {
            String tag = tag(r);
            List<String> notes = new ArrayList<>();
            Built built = build(r, tag);
            byte[] bytes = built.bytes;
            boolean mutated = r.nextInt(100) < 65;
            if (mutated) {
                int count = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
                for (int i = 0; i < count; i++) {
                    bytes = Mutations.apply(r, bytes, notes);
                }
            }
            int head = headEnd(bytes);
            Ending ending = Ending.READ;
            boolean reset = false;
            int roll = r.nextInt(100);
            if (roll < 8) {
                ending = Ending.CLOSE;
                reset = r.nextBoolean();
                int cut = r.nextBoolean() || head >= bytes.length ? head : head + (bytes.length - head) / 2;
                cut = Math.max(1, Math.min(cut, bytes.length));
                notes.add("client closes after " + cut + " of " + bytes.length + " bytes" + (reset ? " with RST" : ""));
                bytes = Arrays.copyOf(bytes, cut);
            } else if (roll < 12) {
                ending = Ending.HALF_CLOSE;
                notes.add("client half-closes");
            }
            List<byte[]> pieces = new ArrayList<>();
            List<Integer> pauses = new ArrayList<>();
            int split = r.nextInt(100);
            if (built.pauseAfterHead && head < bytes.length) {
                pieces.add(Arrays.copyOf(bytes, head));
                pauses.add(30);
                pieces.add(Arrays.copyOfRange(bytes, head, bytes.length));
                pauses.add(0);
            } else if (split < 50) {
                pieces.add(bytes);
                pauses.add(0);
            } else if (split < 80 || bytes.length > 800) {
                int[] cuts = r.ints(1 + r.nextInt(6), 1, Math.max(2, bytes.length)).sorted().distinct().toArray();
                int from = 0;
                for (int cut : cuts) {
                    if (cut > from && cut < bytes.length) {
                        pieces.add(Arrays.copyOfRange(bytes, from, cut));
                        pauses.add(r.nextInt(4));
                        from = cut;
                    }
                }
                pieces.add(Arrays.copyOfRange(bytes, from, bytes.length));
                pauses.add(0);
                notes.add("in " + pieces.size() + " pieces");
            } else {
                for (byte b : bytes) {
                    pieces.add(new byte[]{b});
                    pauses.add(0);
                }
                notes.add("byte by byte");
            }
            return new Conversation(id, tag, built.kind, List.copyOf(notes), bytes, pieces,
                    pauses.stream().mapToInt(Integer::intValue).toArray(), ending, reset,
                    mutated ? null : built.expected, built.tunnelEarly);
        }

        private static String tag(Random r) {
            StringBuilder b = new StringBuilder("zq");
            for (int i = 0; i < 10; i++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            return b.toString();
        }
    }

    /** A valid conversation before mutation. */
    private record Built(String kind, byte[] bytes, List<Integer> expected, boolean pauseAfterHead, byte[] tunnelEarly) {
    }

    private static Built build(Random r, String tag) {
        int kind = r.nextInt(100);
        if (kind < 18) {
            return single("GET", get(r, tag, 0, false), 200);
        } else if (kind < 32) {
            return single("POST", post(r, tag, 0, r.nextInt(MAX_BODY + 1), false), 200);
        } else if (kind < 46) {
            return single("chunked", chunked(r, tag, 0, false), 200);
        } else if (kind < 60) {
            int n = 2 + r.nextInt(2);
            StringBuilder b = new StringBuilder();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1 && r.nextInt(3) == 0;
                b.append(switch (r.nextInt(3)) {
                    case 0 -> get(r, tag, i, last);
                    case 1 -> post(r, tag, i, r.nextInt(200), last);
                    default -> chunked(r, tag, i, last);
                });
                expected.add(200);
            }
            return new Built("pipelined " + n, bytes(b.toString()), expected, false, new byte[0]);
        } else if (kind < 70) {
            StringBuilder b = new StringBuilder();
            boolean post = r.nextInt(3) == 0;
            b.append(post ? "POST" : "GET").append(" /f/").append(tag).append("/old HTTP/1.0\r\n");
            if (r.nextInt(4) != 0) {
                b.append("Host: app.test\r\n");
            }
            if (r.nextBoolean()) {
                b.append("Connection: keep-alive\r\n");
            }
            extras(r, b, tag);
            String body = post ? body(r, r.nextInt(300)) : "";
            if (post) {
                b.append("Content-Length: ").append(body.length()).append("\r\n");
            }
            b.append("\r\n").append(body);
            return single("HTTP/1.0", b.toString(), 200);
        } else if (kind < 78) {
            String body = body(r, 1 + r.nextInt(MAX_BODY));
            StringBuilder b = new StringBuilder("PUT /f/").append(tag).append("/upload HTTP/1.1\r\nHost: app.test\r\n")
                    .append("Expect: 100-continue\r\nContent-Length: ").append(body.length()).append("\r\n");
            extras(r, b, tag);
            b.append("\r\n").append(body);
            return new Built("Expect", bytes(b.toString()), List.of(200), true, new byte[0]);
        } else if (kind < 85) {
            String early = r.nextBoolean() ? "EARLY-" + tag : "";
            String b = "GET /f/" + tag + "/up HTTP/1.1\r\nHost: app.test\r\nConnection: " + (r.nextBoolean() ? "Upgrade" : "keep-alive, upgrade")
                    + "\r\nUpgrade: echo\r\nX-Tag: " + tag + "\r\n\r\n" + early;
            return new Built("Upgrade", bytes(b), List.of(101), false, bytes(early));
        } else if (kind < 90) {
            // Over the body limit: declared, or streamed in chunks.
            if (r.nextBoolean()) {
                return single("over the limit, declared", post(r, tag, 0, MAX_BODY + 1 + r.nextInt(3000), false), 413);
            }
            StringBuilder b = new StringBuilder("POST /f/").append(tag).append("/big HTTP/1.1\r\nHost: app.test\r\n")
                    .append("Transfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                b.append("190\r\n").append("b".repeat(400)).append("\r\n");
            }
            b.append("0\r\n\r\n");
            return single("over the limit, chunked", b.toString(), 413);
        } else {
            String line = switch (r.nextInt(4)) {
                case 0 -> "OPTIONS * HTTP/1.1";
                case 1 -> "GET http://app.test/f/" + tag + "/absolute HTTP/1.1";
                case 2 -> "DELETE /f/" + tag + "/thing HTTP/1.1";
                default -> "\r\n\r\nGET /f/" + tag + "/after-blank-lines HTTP/1.1";
            };
            StringBuilder b = new StringBuilder(line).append("\r\nhOsT:   app.test  \r\n");
            extras(r, b, tag);
            b.append("\r\n");
            return single("odd but valid", b.toString(), 200);
        }
    }

    private static Built single(String kind, String request, int status) {
        return new Built(kind, bytes(request), List.of(status), false, new byte[0]);
    }

    private static String get(Random r, String tag, int i, boolean close) {
        StringBuilder b = new StringBuilder();
        b.append("GET /f/").append(tag).append('/').append(i).append("?q=").append(r.nextInt(1000)).append(" HTTP/1.1\r\n")
                .append("Host: app.test\r\n");
        extras(r, b, tag);
        if (close) {
            b.append("Connection: close\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static String post(Random r, String tag, int i, int length, boolean close) {
        String body = body(r, length);
        StringBuilder b = new StringBuilder();
        b.append("POST /f/").append(tag).append('/').append(i).append(" HTTP/1.1\r\nHost: app.test\r\n")
                .append("Content-Length: ").append(length).append("\r\n");
        extras(r, b, tag);
        if (close) {
            b.append("Connection: close\r\n");
        }
        return b.append("\r\n").append(body).toString();
    }

    private static String chunked(Random r, String tag, int i, boolean close) {
        StringBuilder b = new StringBuilder();
        b.append("POST /f/").append(tag).append('/').append(i).append(" HTTP/1.1\r\nHost: app.test\r\n")
                .append("Transfer-Encoding: chunked\r\n");
        extras(r, b, tag);
        if (close) {
            b.append("Connection: close\r\n");
        }
        b.append("\r\n");
        int left = MAX_BODY;
        for (int c = r.nextInt(5); c > 0 && left > 0; c--) {
            int n = 1 + r.nextInt(Math.min(left, 300));
            left -= n;
            String size = Integer.toHexString(n);
            b.append(r.nextBoolean() ? size : size.toUpperCase(Locale.ROOT)).append(extension(r)).append("\r\n")
                    .append(body(r, n)).append("\r\n");
        }
        b.append("0").append(extension(r)).append("\r\n");
        for (int t = r.nextInt(3); t > 0; t--) {
            b.append("X-Trailer-").append(t).append(": v").append(t).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static String extension(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> ";ext=1";
            case 1 -> ";a=\"b c\";d";
            case 2 -> " ;x";
            default -> "";
        };
    }

    private static void extras(Random r, StringBuilder b, String tag) {
        b.append("X-Tag: ").append(tag).append("\r\n");
        if (r.nextBoolean()) {
            b.append("User-Agent: fuzz/1.0\r\n");
        }
        if (r.nextInt(3) == 0) {
            b.append("Accept: */*\r\n");
        }
        if (r.nextInt(5) == 0) {
            b.append("X-Forwarded-For: 203.0.113.7\r\n");
        }
        if (r.nextInt(6) == 0) {
            b.append("Cookie: a=b; c=\"d e\"\r\n");
        }
        if (r.nextInt(8) == 0) {
            b.append("X-Empty:\r\n");
        }
        if (r.nextInt(8) == 0) {
            b.append("X-Obs-Text: caf\u00e9\r\n");
        }
    }

    private static String body(Random r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextInt(4) == 0 ? (char) r.nextInt(256) : (char) ('a' + r.nextInt(26));
        }
        return new String(c);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Just past the first blank line, or the length when there is none. */
    static int headEnd(byte[] b) {
        int from = 0;
        while (from + 1 < b.length && b[from] == '\r' && b[from + 1] == '\n') {
            from += 2;              // blank lines before the request line
        }
        for (int i = from; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return b.length;
    }

    // ================================================================ mutations

    private static final class Mutations {

        private static final byte[][] INSERTS = {
                {'\r'}, {'\n'}, {' '}, {0}, {':'}, {'\t'}, {'\r', '\n'}, {'\r', '\n', '\r', '\n'}, {0x7f}, {','}};
        private static final String[] NUMBERS = {
                "0", "1", "5", "ff", "FFFFFFFFFFFFFFFF", "99999999999999999999", "-1", "+5", "1 1", "1,1", "0x10",
                "3e8", "1001", "999", " 7", "7 ", ""};
        private static final String[] VERSIONS = {
                "HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/1.10", "http/1.1", "HTTP/1.1 ", "HTTP/1", "HTTP/3.0", "HTTP/1.0"};
        private static final String[] FRAMING = {
                "Transfer-Encoding: chunked", "Content-Length: 5", "Content-Length: 0", "Transfer-Encoding: gzip",
                "Transfer-Encoding: chunked, chunked", "Transfer-Encoding : chunked", "Transfer-Encoding:\tchunked",
                "Host: other.test", "Connection: close", "Connection: upgrade", "Upgrade: echo", "Expect: 100-continue",
                "TE: trailers", "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive", "Connection: X-Hop",
                "X-Hop: 1", "Content-Length: 1001", "Transfer-Encoding: identity"};

        static byte[] apply(Random r, byte[] b, List<String> notes) {
            int head = headEnd(b);
            switch (r.nextInt(13)) {
                case 0, 1 -> {
                    int p = position(r, b, head);
                    byte v = (byte) r.nextInt(256);
                    notes.add("byte " + p + " := " + escape(new byte[]{v}, 8));
                    byte[] copy = b.clone();
                    copy[p] = v;
                    return copy;
                }
                case 2, 3 -> {
                    byte[] what = INSERTS[r.nextInt(INSERTS.length)];
                    int p = position(r, b, head);
                    notes.add("insert " + escape(what, 8) + " at " + p);
                    return splice(b, p, 0, what);
                }
                case 4 -> {
                    int p = position(r, b, head);
                    notes.add("delete byte " + p);
                    return splice(b, p, 1, new byte[0]);
                }
                case 5 -> {
                    int p = position(r, b, head);
                    notes.add("truncate at " + p);
                    return Arrays.copyOf(b, Math.max(1, p));
                }
                case 6 -> {
                    int[] line = headerLine(r, b, head);
                    if (line == null) {
                        return apply(r, b, notes);
                    }
                    notes.add("duplicate line at " + line[0]);
                    return splice(b, line[1], 0, Arrays.copyOfRange(b, line[0], line[1]));
                }
                case 7 -> {
                    int[] line = headerLine(r, b, head);
                    int at = line == null ? head : line[0];
                    int n = new int[]{300, 1500, 2100, 5000, 40000}[r.nextInt(5)];
                    notes.add("huge header line (" + n + ") at " + at);
                    return splice(b, at, 0, bytes("X-Huge: " + "h".repeat(n) + "\r\n"));
                }
                case 8 -> {
                    int slash = indexOf(b, (byte) '/', 0, head);
                    int n = new int[]{100, 480, 520, 3000}[r.nextInt(4)];
                    notes.add("target longer by " + n);
                    return splice(b, slash < 0 ? 0 : slash + 1, 0, bytes("t".repeat(n)));
                }
                case 9 -> {
                    List<int[]> numbers = numbers(b);
                    if (numbers.isEmpty()) {
                        return apply(r, b, notes);
                    }
                    int[] at = numbers.get(r.nextInt(numbers.size()));
                    String n = NUMBERS[r.nextInt(NUMBERS.length)];
                    notes.add("number at " + at[0] + " := '" + n + "'");
                    return splice(b, at[0], at[1] - at[0], bytes(n));
                }
                case 10 -> {
                    int[] line = headerLine(r, b, head);
                    int at = line == null ? head : line[0];
                    String f = FRAMING[r.nextInt(FRAMING.length)];
                    notes.add("add '" + f + "' at " + at);
                    return splice(b, at, 0, bytes(f + "\r\n"));
                }
                case 11 -> {
                    int v = indexOf(b, (byte) 'H', Math.max(0, indexOf(b, (byte) ' ', 0, head)), head);
                    if (v < 0 || v + 8 > b.length) {
                        return apply(r, b, notes);
                    }
                    String version = VERSIONS[r.nextInt(VERSIONS.length)];
                    notes.add("version := '" + version + "'");
                    return splice(b, v, 8, bytes(version));
                }
                default -> {
                    int[] line = headerLine(r, b, head);
                    if (line == null) {
                        return apply(r, b, notes);
                    }
                    if (r.nextBoolean()) {
                        notes.add("remove line at " + line[0]);
                        return splice(b, line[0], line[1] - line[0], new byte[0]);
                    }
                    notes.add("bare LF ending the line at " + line[0]);
                    return splice(b, line[1] - 2, 1, new byte[0]);
                }
            }
        }

        /** A position, three times in four inside the head. */
        private static int position(Random r, byte[] b, int head) {
            return r.nextInt(4) != 0 ? r.nextInt(Math.max(1, Math.min(head, b.length))) : r.nextInt(b.length);
        }

        /** Start and end (past its CRLF) of a random header line of the first head, or null. */
        private static int[] headerLine(Random r, byte[] b, int head) {
            List<int[]> lines = new ArrayList<>();
            int start = -1;
            for (int i = 0; i + 1 < head; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    if (start >= 0 && i > start) {
                        lines.add(new int[]{start, i + 2});
                    }
                    start = i + 2;
                }
            }
            return lines.isEmpty() ? null : lines.get(r.nextInt(lines.size()));
        }

        /** Content-Length values and chunk sizes. */
        private static List<int[]> numbers(byte[] b) {
            String s = new String(b, StandardCharsets.ISO_8859_1);
            List<int[]> found = new ArrayList<>();
            Matcher cl = Pattern.compile("(?i)content-length:[ \\t]*([^\\r\\n]*)").matcher(s);
            while (cl.find()) {
                found.add(new int[]{cl.start(1), cl.end(1)});
            }
            Matcher size = Pattern.compile("\\r\\n([0-9a-fA-F]+)[; \\r]").matcher(s);
            while (size.find()) {
                found.add(new int[]{size.start(1), size.end(1)});
            }
            return found;
        }

        private static int indexOf(byte[] b, byte v, int from, int to) {
            for (int i = from; i < Math.min(to, b.length); i++) {
                if (b[i] == v) {
                    return i;
                }
            }
            return -1;
        }

        private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
            at = Math.min(at, b.length);
            remove = Math.min(remove, b.length - at);
            byte[] out = new byte[b.length - remove + insert.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
            return out.length == 0 ? new byte[]{'\r'} : out;
        }
    }

    // ================================================================ outcome

    private static final class Outcome {

        final Conversation c;
        final List<Integer> statuses = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        boolean closed;
        boolean reset;
        boolean writeFailed;
        /** The first final status (0: none yet), and whether it closed the connection. */
        int firstFinal;
        boolean firstFinalCloses;
        boolean keptAfter400;

        Outcome(Conversation c) {
            this.c = c;
        }

        /**
         * The first final answer was a refusal that closed the connection: nothing of this
         * conversation may have reached the container whole.
         */
        boolean refusedFirst() {
            return REFUSALS.contains(firstFinal) && firstFinalCloses;
        }

        void fail(String what) {
            failures.add(describe(what));
        }

        String describe(String what) {
            return "#" + c.id() + " [" + c.kind() + "; " + String.join(", ", c.notes()) + "] " + what
                    + "\n      sent: " + escape(c.bytes(), 400) + "\n      got: " + statuses;
        }
    }

    static String escape(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        if (b.length > max) {
            s.append("...(").append(b.length).append(" bytes)");
        }
        return s.toString();
    }

    private static String quote(String s) {
        return "'" + escape(s.getBytes(StandardCharsets.ISO_8859_1), 200) + "'";
    }

    // ================================================================ the container

    /**
     * A container on a raw socket that reads each request whole (Content-Length or chunked,
     * checking the chunk framing it is given), answers 200 with a two-byte body and keeps the
     * connection (after 300 ms for a target under {@code /slow/}); an {@code Upgrade: echo} gets
     * 101 and an echo of every later byte. It records
     * every head and whether the request arrived whole, and notes anything it should never have
     * been sent.
     */
    static final class FuzzContainer implements AutoCloseable {

        static final class Received {
            final String head;
            volatile boolean complete;

            Received(String head) {
                this.head = head;
            }
        }

        private static final byte[] OK = bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Container: fuzz\r\n\r\nok");
        private static final byte[] OK_HEAD = bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Head: 1\r\n\r\n");
        private static final byte[] CONTINUE = bytes("HTTP/1.1 100 Continue\r\n\r\n");
        private static final byte[] SWITCHING = bytes("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n");

        final List<Received> received = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        FuzzContainer() throws IOException {
            SocketContainers.acceptEach(server, s -> {
                sockets.add(s);
                serve(s);
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = SocketContainers.readHead(in);
                    if (head == null) {
                        return;
                    }
                    Received r = new Received(head);
                    received.add(r);
                    String problem = sanity(head);
                    if (problem != null) {
                        problems.add(problem + " in " + escape(bytes(head), 400));
                    }
                    Map<String, String> h = headers(head);
                    if ("echo".equalsIgnoreCase(h.get("upgrade"))) {
                        out.write(SWITCHING);
                        out.flush();
                        r.complete = true;
                        byte[] buf = new byte[4096];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                        return;
                    }
                    if (head.contains(" /slow/")) {
                        Thread.sleep(300);      // for the focused tests: an exchange that takes a while
                    }
                    if ("100-continue".equalsIgnoreCase(h.get("expect"))) {
                        out.write(CONTINUE);
                        out.flush();
                    }
                    long body;
                    if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
                        body = readChunked(in, head);
                    } else if (h.containsKey("content-length")) {
                        long n = Long.parseLong(h.get("content-length"));   // checked by sanity
                        body = in.readNBytes((int) Math.min(n, Integer.MAX_VALUE)).length == n ? n : -1;
                    } else {
                        body = 0;
                    }
                    if (body < 0) {
                        return;         // the proxy closed inside the body
                    }
                    if (body > MAX_BODY) {
                        problems.add(body + " body bytes, over the limit, for " + escape(bytes(head), 200));
                    }
                    r.complete = true;
                    out.write(head.startsWith("HEAD ") ? OK_HEAD : OK);
                    out.flush();
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                // the proxy closed the connection, or sent what sanity() already reported
            }
        }

        /** Data bytes of a chunked body; -1 if the connection ended inside it. */
        private long readChunked(InputStream in, String head) throws IOException {
            long total = 0;
            while (true) {
                String line = line(in);
                if (line == null || !line.endsWith("\n")) {
                    return -1;
                }
                Matcher m = Pattern.compile("([0-9a-fA-F]{1,15})[ \\t]*(;[^\\x00-\\x08\\x0a-\\x1f\\x7f]*)?\\r\\n")
                        .matcher(line);
                if (!m.matches()) {
                    problems.add("malformed chunk size line " + quote(line) + " for " + escape(bytes(head), 200));
                    throw new IOException("bad chunk");
                }
                long n = Long.parseLong(m.group(1), 16);
                total += n;
                if (n == 0) {
                    for (String t = line(in); ; t = line(in)) {
                        if (t == null || !t.endsWith("\n")) {
                            return -1;
                        }
                        if (t.equals("\r\n")) {
                            return total;
                        }
                        if (!t.endsWith("\r\n") || !FIELD_LINE.matcher(t.substring(0, t.length() - 2)).matches()) {
                            problems.add("malformed trailer " + quote(t) + " for " + escape(bytes(head), 200));
                            throw new IOException("bad trailer");
                        }
                    }
                }
                if (n > MAX_BODY || in.readNBytes((int) n).length < n) {
                    return n > MAX_BODY ? total : -1;
                }
                String end = line(in);
                if (end == null || !end.endsWith("\n")) {
                    return -1;
                }
                if (!end.equals("\r\n")) {
                    problems.add("chunk data not followed by CRLF for " + escape(bytes(head), 200));
                    throw new IOException("bad chunk end");
                }
            }
        }

        /** Why a forwarded head is not a sane, unambiguous HTTP/1.1 request; null when it is. */
        static String sanity(String head) {
            if (!head.endsWith("\r\n\r\n")) {
                return "head not ending in a blank line";
            }
            String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
            for (String l : lines) {
                if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                    return "bare CR or LF";
                }
            }
            if (!REQUEST_LINE.matcher(lines[0]).matches()) {
                return "malformed request line";
            }
            int hosts = 0;
            int forwardedFor = 0;
            int lengths = 0;
            int codings = 0;
            for (int i = 1; i < lines.length; i++) {
                String l = lines[i];
                if (!FIELD_LINE.matcher(l).matches()) {
                    return "malformed header line " + quote(l);
                }
                int colon = l.indexOf(':');
                String name = l.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                switch (name) {
                    case "host" -> hosts++;
                    case "x-forwarded-for" -> forwardedFor++;
                    case "content-length" -> {
                        lengths++;
                        if (!value.matches("[0-9]{1,18}")) {
                            return "Content-Length " + quote(value);
                        }
                    }
                    case "transfer-encoding" -> {
                        codings++;
                        if (!value.equals("chunked")) {
                            return "Transfer-Encoding " + quote(value);
                        }
                    }
                    case "connection" -> {
                        if (!value.equalsIgnoreCase("upgrade")) {
                            return "Connection " + quote(value);
                        }
                    }
                    case "keep-alive", "proxy-connection", "te" -> {
                        return "hop-by-hop header " + name + " forwarded";
                    }
                    default -> {
                    }
                }
            }
            if (hosts != 1) {
                return hosts + " Host headers";
            }
            if (forwardedFor != 1) {
                return forwardedFor + " X-Forwarded-For headers";
            }
            if (lengths > 1 || codings > 1 || lengths > 0 && codings > 0) {
                return "ambiguous framing";
            }
            return null;
        }

        private static Map<String, String> headers(String head) {
            Map<String, String> h = new HashMap<>();
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.putIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return h;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    // ================================================================ leak capture

    /**
     * Netty reports leaks through its internal logger, which is java.util.logging on this test
     * classpath (slf4j-api without a provider is skipped). The capture proves itself: a buffer
     * leaked on purpose, touched with a hint, must be reported before the absence of others counts.
     */
    static final class LeakCapture extends Handler {

        private static final String CANARY = "client-fuzz-canary";
        private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ResourceLeakDetector.class.getName());
        private final List<String> messages = new CopyOnWriteArrayList<>();

        static LeakCapture install() {
            LeakCapture c = new LeakCapture();
            c.logger.addHandler(c);
            return c;
        }

        void uninstall() {
            logger.removeHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            String m = record.getMessage();
            if (m != null && m.contains("LEAK")) {
                messages.add(m);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        /** The leaks other than the canary, once the canary was reported (GC and allocations until then). */
        List<String> awaitCanaryThenOtherLeaks() throws Exception {
            leakCanary();
            // Until the canary was reported, and five rounds more for leaks enqueued after it.
            for (int i = 0, after = 0; i < 80 && after < 5; i++) {
                if (messages.stream().anyMatch(m -> m.contains(CANARY))) {
                    after++;
                }
                System.gc();
                Thread.sleep(50);
                // Leaks are reported when a later buffer is tracked: in this thread and in the proxy's.
                ByteBufAllocator.DEFAULT.directBuffer(16).release();
                ByteBufAllocator.DEFAULT.heapBuffer(16).release();
                if (i % 2 == 0) {
                    RawHttpClient.get(port, "x", "/after-gc-" + i);
                }
            }
            assertTrue(messages.stream().anyMatch(m -> m.contains(CANARY)),
                    "the leak capture works: the canary leaked on purpose was reported (messages: " + messages + ")");
            return messages.stream().filter(m -> !m.contains(CANARY)).map(m -> m.length() > 2000 ? m.substring(0, 2000) : m)
                    .toList();
        }

        private static void leakCanary() {
            ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(8);
            b.touch(CANARY);
        }
    }
}
