package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.edgeplane.proxy.http.DecoderHarness.bytes;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tests {@link ClientRequestParser} and what it emits ({@link ClientRequestHead}, body {@link ByteBuf}s
 * as the client framed them, {@link ClientRequestEnd}, {@link FramingViolation}) through an
 * {@link EmbeddedChannel}: the refusals and their statuses (also byte by byte, and with a smuggled
 * request behind them), valid framing under any split of the input, pipelining, the head's accessors,
 * the exact head sent upstream ({@link ClientRequestHead#forUpstream}), the size limits, upgrades and a
 * seeded fuzz run.
 *
 * <p>Everything read from the channel is released after each test, and every buffer given to or
 * allocated by the channel must then have been released (a tracking allocator checks it).
 */
class ClientRequestParserTest {

    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 32 * 1024;

    private static final String IP = "10.0.0.7";

    private static final String GET_REQ = "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
    private static final String POST_REQ =
            "POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\n"
                    + "hello world";
    private static final String POST_BODY = "hello world";
    private static final String CHUNKED_HEAD =
            "PUT /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n";
    /** Two chunks with extensions, the last chunk, then trailers and the final CRLF. */
    private static final String CHUNKED_BODY =
            "5;name=value\r\nhello\r\n6 ; x=\"y\"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\n"
                    + "X-Count:  2 \r\n\r\n";
    private static final String PUT_REQ = CHUNKED_HEAD + CHUNKED_BODY;
    /** A valid request appended after a refused one: it must never come out. */
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";

    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
    private final DecoderHarness harness = new DecoderHarness();

    @AfterEach
    void releaseEverythingAndCheckForLeaks() {
        harness.close();
    }

    // ================================================================ refused

    private static final String CHUNKED_PREFIX = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                // --- 400: bare LF / CR not followed by LF in the head
                head("bare LF after request line", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
                head("bare LF after header line", "GET / HTTP/1.1\r\nHost: h\nX-A: 1\r\n\r\n", 400),
                head("bare LF as blank line", "GET / HTTP/1.1\r\nHost: h\r\n\n", 400),
                head("bare LF as leading empty line", "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("CR CR LF after header", "GET / HTTP/1.1\r\nHost: h\r\nX-A: b\r\r\n\r\n", 400),
                head("CR then X in request line", "GET / HTTP/1.1\rX\r\nHost: h\r\n\r\n", 400),
                head("CR then X as blank line", "GET / HTTP/1.1\r\nHost: h\r\n\rX\r\n\r\n", 400),
                head("bare CR in header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", 400),
                // --- 400: malformed request line
                head("two spaces after method", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("two spaces before version", "GET /  HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("leading space (empty method)", " GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("trailing space", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400),
                head("extra fourth part", "GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n", 400),
                head("no version", "GET /\r\nHost: h\r\n\r\n", 400),
                head("method only", "GET\r\nHost: h\r\n\r\n", 400),
                head("tab as separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("non-token method (paren)", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("non-token method (at)", "GE@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("control char in target", "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("tab in target", "GET /a\tb HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("DEL in target", "GET /a\u007fb HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("NUL in target", "GET /a\u0000b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                head("lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
                head("unknown protocol", "GET / HTTX/1.1\r\nHost: h\r\n\r\n", 400),
                // --- 400: obs-fold
                head("obs-fold right after request line (SP)", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400),
                head("obs-fold right after request line (HTAB)", "GET / HTTP/1.1\r\n\tHost: h\r\n\r\n", 400),
                head("obs-fold continuation (SP)", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", 400),
                head("obs-fold continuation (HTAB)", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n\ttwo\r\n\r\n", 400),
                // --- 400: header names
                head("non-token header name", "GET / HTTP/1.1\r\nHost: h\r\nX(A): b\r\n\r\n", 400),
                head("space before colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A : b\r\n\r\n", 400),
                head("tab before colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A\t: b\r\n\r\n", 400),
                head("no colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A\r\n\r\n", 400),
                head("empty header name", "GET / HTTP/1.1\r\nHost: h\r\n: b\r\n\r\n", 400),
                // --- 400: control characters in values
                head("NUL in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n", 400),
                head("0x01 in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n", 400),
                head("0x1F in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u001fb\r\n\r\n", 400),
                head("DEL in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007fb\r\n\r\n", 400),
                head("control char in Host", "GET / HTTP/1.1\r\nHost: h\u0001\r\n\r\n", 400),
                // --- 400: Content-Length
                head("Content-Length +3", post("Content-Length: +3\r\n", "abc"), 400),
                head("Content-Length 0x3", post("Content-Length: 0x3\r\n", "abc"), 400),
                head("Content-Length 3, 4", post("Content-Length: 3, 4\r\n", "abcd"), 400),
                head("Content-Length 3, 3", post("Content-Length: 3, 3\r\n", "abc"), 400),
                head("Content-Length -1", post("Content-Length: -1\r\n", ""), 400),
                head("Content-Length 3x", post("Content-Length: 3x\r\n", "abc"), 400),
                head("Content-Length empty", post("Content-Length:\r\n", ""), 400),
                head("Content-Length blank", post("Content-Length:   \r\n", ""), 400),
                head("Content-Length 19 digits", post("Content-Length: 1234567890123456789\r\n", ""), 400),
                head("Content-Length 19 digits with zeros", post("Content-Length: 0000000000000000003\r\n", "abc"),
                        400),
                head("Content-Length twice equal", post("Content-Length: 3\r\nContent-Length: 3\r\n", "abc"), 400),
                head("Content-Length twice differing", post("Content-Length: 3\r\ncontent-length: 4\r\n", "abcd"),
                        400),
                // --- 400: Transfer-Encoding
                head("Transfer-Encoding then Content-Length",
                        post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n"), 400),
                head("Content-Length then Transfer-Encoding",
                        post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"), 400),
                head("Transfer-Encoding chunked, gzip", post("Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n"),
                        400),
                head("Transfer-Encoding xchunked", post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n"), 400),
                head("Transfer-Encoding gzip", post("Transfer-Encoding: gzip\r\n", "0\r\n\r\n"), 400),
                head("Transfer-Encoding chunked, chunked", post("Transfer-Encoding: chunked, chunked\r\n",
                        "0\r\n\r\n"), 400),
                head("Transfer-Encoding chunked on two lines",
                        post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"), 400),
                head("Transfer-Encoding in HTTP/1.0",
                        "POST / HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                // --- 400: Host
                head("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nX-A: 1\r\n\r\n", 400),
                head("HTTP/1.1 without any header", "GET / HTTP/1.1\r\n\r\n", 400),
                head("HTTP/1.1 with two Host lines", "GET / HTTP/1.1\r\nHost: h\r\nhost: h\r\n\r\n", 400),
                head("HTTP/1.1 with empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400),
                head("HTTP/1.1 with blank Host", "GET / HTTP/1.1\r\nHost:  \t \r\n\r\n", 400),
                head("HTTP/1.1 with comma in Host", "GET / HTTP/1.1\r\nHost: a,b\r\n\r\n", 400),
                head("HTTP/1.0 with two Host lines", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                // --- 400: chunk framing
                body("bad chunk size", "zz\r\nab\r\n0\r\n\r\n", 400),
                body("empty chunk size", "\r\nabc\r\n0\r\n\r\n", 400),
                body("0x chunk size", "0x3\r\nabc\r\n0\r\n\r\n", 400),
                body("negative chunk size", "-3\r\nabc\r\n0\r\n\r\n", 400),
                body("chunk size followed by junk", "3x\r\nabc\r\n0\r\n\r\n", 400),
                body("16 hex digit chunk size", "0000000000000003\r\nabc\r\n0\r\n\r\n", 400),
                body("control char in chunk extension", "3;a\u0001b\r\nabc\r\n0\r\n\r\n", 400),
                body("bare LF after chunk size", "3\nabc\r\n0\r\n\r\n", 400),
                body("bare LF after chunk data", "3\r\nabc\n0\r\n\r\n", 400),
                body("bare LF after last chunk", "3\r\nabc\r\n0\n\r\n", 400),
                body("bare LF as final line", "3\r\nabc\r\n0\r\n\n", 400),
                body("bare LF after trailer", "0\r\nX-T: v\n\r\n", 400),
                body("CR not LF after chunk size", "3\rXabc\r\n0\r\n\r\n", 400),
                body("chunk data longer than its size", "3\r\nabcd\r\n0\r\n\r\n", 400),
                body("CR then X after chunk data", "3\r\nabc\rX0\r\n\r\n", 400),
                body("trailer space before colon", "0\r\nX-T : v\r\n\r\n", 400),
                body("trailer without colon", "0\r\nX-T\r\n\r\n", 400),
                body("trailer non-token name", "0\r\nX(T): v\r\n\r\n", 400),
                body("trailer obs-fold", "0\r\nX-T: v\r\n w\r\n\r\n", 400),
                body("0x01 in trailer", "0\r\nX-T: a\u0001b\r\n\r\n", 400),
                body("NUL in trailer", "0\r\nX-T: a\u0000b\r\n\r\n", 400),
                body("DEL in trailer", "0\r\nX-T: a\u007fb\r\n\r\n", 400),
                // --- 501
                head("Transfer-Encoding gzip, chunked", post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"),
                        501),
                head("Transfer-Encoding deflate,chunked", post("Transfer-Encoding: deflate,chunked\r\n",
                        "0\r\n\r\n"), 501),
                // --- 505
                head("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
                head("HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505),
                head("HTTP/0.9", "GET / HTTP/0.9\r\nHost: h\r\n\r\n", 505),
                head("HTTP/3.0", "GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505));
    }

    /** A request refused at its head: nothing but the violation comes out. */
    private static Arguments head(String what, String wire, int status) {
        return Arguments.of(what, wire, String.valueOf(status));
    }

    /** A chunked POST refused in its body: the head comes out (maybe some body bytes), then the violation. */
    private static Arguments body(String what, String chunkedBody, int status) {
        return Arguments.of(what, CHUNKED_PREFIX + chunkedBody, "POST " + status);
    }

    private static String post(String headers, String body) {
        return "POST /p HTTP/1.1\r\nHost: h\r\n" + headers + "\r\n" + body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refusedOnceNothingSmuggledAndAllInputReleased(String what, String wire, String expected) {
        open();
        List<Object> out = harness.feed(wire + SMUGGLED);
        assertRefused(expected, out);

        assertEquals("", shape(harness.feed(SMUGGLED)), "nothing is read after a refusal");
        harness.assertAllReleased();
        assertEquals("", shape(harness.finish()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refusedOnceWhenBytesArriveOneAtATime(String what, String wire, String expected) {
        open();
        assertRefused(expected, harness.feedBytewise(wire + SMUGGLED));

        assertEquals("", shape(harness.feedBytewise(SMUGGLED)), "nothing is read after a refusal");
        harness.assertAllReleased();
    }

    private void assertRefused(String expected, List<Object> out) {
        assertEquals(expected, shapeWithoutBodies(out), shape(out));
        assertFalse(out.stream().anyMatch(ClientRequestEnd.class::isInstance), "no end marker: " + shape(out));
        FramingViolation violation = assertInstanceOf(FramingViolation.class, out.getLast());
        assertNotNull(violation.reason());
        assertEquals(heads(out).size(), methods.size(), "only accepted heads add their method");
    }

    // ================================================================ valid framing

    @Nested
    class Valid {

        @Test
        void getWithoutBodyIsTheHeadAlone() {
            List<Object> out = assertParsesAs("GET", GET_REQ);
            ClientRequestHead head = onlyHead(out);
            assertFalse(head.hasBody());
            assertFalse(head.chunked());
            assertEquals(-1, head.contentLength());
            assertEquals(List.of(GET), List.copyOf(methods));
        }

        @Test
        void contentLengthZeroIsTheHeadAlone() {
            List<Object> out = assertParsesAs("POST", "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
            ClientRequestHead head = onlyHead(out);
            assertEquals(0, head.contentLength());
            assertFalse(head.hasBody());
        }

        @Test
        void contentLengthBodyThenEnd() {
            List<Object> out = assertParsesAs("POST body end", POST_REQ);
            ClientRequestHead head = onlyHead(out);
            assertEquals(11, head.contentLength());
            assertTrue(head.hasBody());
            assertFalse(head.chunked());
            assertEquals(POST_BODY, body(out));
            assertSame(ClientRequestEnd.INSTANCE, out.getLast());
        }

        @Test
        void eighteenDigitContentLengthIsAccepted() {
            List<Object> out =
                    assertParsesAs("POST body end", post("Content-Length: 000000000000000003\r\n", "abc"));
            assertEquals(3, onlyHead(out).contentLength());
            assertEquals("abc", body(out));
        }

        @Test
        void contentLengthValueIsOwsTrimmed() {
            List<Object> out = assertParsesAs("POST body end", post("Content-Length: \t3 \t\r\n", "abc"));
            assertEquals(3, onlyHead(out).contentLength());
        }

        @Test
        void headComesBeforeTheBodyArrives() {
            int headEnd = POST_REQ.indexOf("\r\n\r\n") + 4;
            assertParsesAs("POST", POST_REQ.substring(0, headEnd));
            assertEquals("body", shape(harness.feed("hello")));
            List<Object> rest = harness.feed(" world");
            assertEquals("body end", shape(rest));
            assertEquals(" world", body(rest));
        }

        @Test
        void chunkedBodyIsTheWireBytesWithExtensionsAndTrailers() {
            List<Object> out = assertParsesAs("PUT body end", PUT_REQ);
            ClientRequestHead head = onlyHead(out);
            assertTrue(head.chunked());
            assertTrue(head.hasBody());
            assertEquals(-1, head.contentLength());
            assertEquals(CHUNKED_BODY, body(out));
        }

        @Test
        void chunkedBodyBytewiseIsTheSame() {
            open();
            List<Object> out = harness.feedBytewise(PUT_REQ);
            assertEquals("PUT body end", shape(out));
            assertEquals(CHUNKED_BODY, body(out));
        }

        @Test
        void chunkedWithUpperCaseHexFifteenDigitsAndCaseInsensitiveCoding() {
            String chunks = "00000000000000A\r\n0123456789\r\n1f\r\n" + "x".repeat(31) + "\r\n0;end\r\n\r\n";
            List<Object> out = assertParsesAs("POST body end",
                    "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  Chunked \r\n\r\n" + chunks);
            assertTrue(onlyHead(out).chunked());
            assertEquals(chunks, body(out));
        }

        @Test
        void pipelinedRequestsComeOutInOrder() {
            List<Object> out = assertParsesAs("GET POST body end PUT body end", GET_REQ + POST_REQ + PUT_REQ);
            assertEquals(List.of(POST_BODY, CHUNKED_BODY), bodies(out));
            assertEquals(List.of("/index.html?q=1", "/form", "/upload"),
                    heads(out).stream().map(ClientRequestHead::uri).toList());
            assertEquals(List.of(GET, POST, PUT), List.copyOf(methods));
        }

        @Test
        void pipelinedRequestsChunkedFirst() {
            List<Object> out =
                    assertParsesAs("PUT body end GET POST body end GET", PUT_REQ + GET_REQ + POST_REQ + GET_REQ);
            assertEquals(List.of(CHUNKED_BODY, POST_BODY), bodies(out));
            assertEquals(List.of(PUT, GET, POST, GET), List.copyOf(methods));
        }

        @Test
        void emptyLinesBeforeTheRequestLineAreSkipped() {
            List<Object> out = assertParsesAs("GET POST body end", "\r\n\r\n" + GET_REQ + "\r\n" + POST_REQ);
            assertEquals("/index.html?q=1", heads(out).getFirst().uri());
            assertEquals(POST_BODY, body(out));
        }

        @Test
        void emptyLinesBeforeTheRequestLineBytewise() {
            open();
            assertEquals("GET", shape(harness.feedBytewise("\r\n\r\n\r\n" + GET_REQ)));
        }

        @Test
        void anySplitGivesTheSameRequestsAndExactBodies() {
            String wire = "\r\n" + GET_REQ + POST_REQ + PUT_REQ + GET_REQ + CHUNKED_PREFIX + "1\r\n!\r\n0\r\n\r\n";
            for (int seed = 0; seed < 300; seed++) {
                open();
                List<Object> out = harness.feedSplit(bytes(wire), new Random(seed));
                assertEquals("GET POST body end PUT body end GET POST body end", shape(out), "seed " + seed);
                assertEquals(List.of(POST_BODY, CHUNKED_BODY, "1\r\n!\r\n0\r\n\r\n"), bodies(out), "seed " + seed);
                assertEquals(List.of(GET, POST, PUT, GET, POST), List.copyOf(methods), "seed " + seed);
                nextCase();
            }
        }

        @Test
        void largeBodiesUnderAnySplit() {
            Random data = new Random(7);
            StringBuilder chunked = new StringBuilder();
            StringBuilder plain = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                int n = 1 + data.nextInt(3000);
                String d = randomText(data, n);
                chunked.append(Integer.toHexString(n)).append(i % 3 == 0 ? ";i=" + i : "").append("\r\n")
                        .append(d).append("\r\n");
                plain.append(d);
            }
            chunked.append("0\r\nT: v\r\n\r\n");
            String wire = CHUNKED_PREFIX + chunked
                    + post("Content-Length: " + plain.length() + "\r\n", plain.toString());
            for (int seed = 0; seed < 30; seed++) {
                open();
                List<Object> out = harness.feedSplit(bytes(wire), new Random(seed));
                assertEquals("POST body end POST body end", shape(out), "seed " + seed);
                assertEquals(List.of(chunked.toString(), plain.toString()), bodies(out), "seed " + seed);
                nextCase();
            }
        }

        @Test
        void customMethodAndHttp10() {
            List<Object> out = assertParsesAs("PURGE", "PURGE /cache/x HTTP/1.0\r\n\r\n");
            ClientRequestHead head = onlyHead(out);
            assertEquals("PURGE", head.method().name());
            assertTrue(head.http10());
            assertNull(head.host());
            assertEquals(List.of("PURGE"), methods.stream().map(HttpMethod::name).toList());
        }

        @Test
        void targetWithHighBytesAndAsteriskForm() {
            List<Object> out = assertParsesAs("GET OPTIONS",
                    "GET /caf\u00e9?x=\u00ff HTTP/1.1\r\nHost: h\r\nX-V: caf\u00e9\r\n\r\n"
                            + "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("/caf\u00e9?x=\u00ff", heads(out).get(0).uri());
            assertEquals("*", heads(out).get(1).uri());
        }
    }

    // ================================================================ accessors

    @Nested
    class Accessors {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"})
        void wellKnownMethodsAreNettysConstants(String name) {
            ClientRequestHead head = parseHead(name + " /x HTTP/1.1\r\nHost: h\r\n\r\n");
            assertSame(HttpMethod.valueOf(name), head.method());
            assertSame(head.method(), methods.peek());
        }

        @Test
        void getIsTheGetConstant() {
            assertSame(HttpMethod.GET, parseHead(GET_REQ).method());
        }

        @Test
        void uriVersionHostAndLength() {
            ClientRequestHead head = parseHead(
                    "POST /a/b?c=d&e HTTP/1.1\r\nHost: \t example.com:81 \t\r\nContent-Length: 2\r\n\r\nok");
            assertEquals("/a/b?c=d&e", head.uri());
            assertFalse(head.http10());
            assertEquals("example.com:81", head.host());
            assertEquals(2, head.contentLength());
            assertFalse(head.chunked());
            assertTrue(head.hasBody());
        }

        @Test
        void http10WithoutHostHasNullHost() {
            ClientRequestHead head = parseHead("GET / HTTP/1.0\r\nAccept: x\r\n\r\n");
            assertTrue(head.http10());
            assertNull(head.host());
            assertEquals(-1, head.contentLength());
        }

        @ParameterizedTest(name = "{0} [{1}] -> {2}")
        @CsvSource(delimiter = '|', value = {
            "HTTP/1.1 |                                            | true",
            "HTTP/1.1 | Connection: close                          | false",
            "HTTP/1.1 | Connection: CLOSE                          | false",
            "HTTP/1.1 | Connection: keep-alive                     | true",
            "HTTP/1.1 | Connection: keep-alive, close              | false",
            "HTTP/1.1 | Connection: x-a , close ,x-b               | false",
            "HTTP/1.1 | Connection: closed                         | true",
            "HTTP/1.1 | Connection: keep-alive\\r\\nConnection: close | false",
            "HTTP/1.0 |                                            | false",
            "HTTP/1.0 | Connection: keep-alive                     | true",
            "HTTP/1.0 | Connection: Keep-Alive                     | true",
            "HTTP/1.0 | Connection: x-a, keep-alive                | true",
            "HTTP/1.0 | Connection: keep-alive, close              | false",
            "HTTP/1.0 | Connection: close                          | false",
        })
        void keepAliveFollowsVersionAndConnection(String version, String connection, boolean keepAlive) {
            String line = connection == null ? "" : connection.replace("\\r\\n", "\r\n") + "\r\n";
            ClientRequestHead head = parseHead("GET / " + version + "\r\nHost: h\r\n" + line + "\r\n");
            assertEquals(keepAlive, head.keepAlive());
        }

        @ParameterizedTest(name = "{0} [{1}] -> {2}")
        @CsvSource(delimiter = '|', value = {
            "HTTP/1.1 | Connection: Upgrade\\r\\nUpgrade: websocket             | true",
            "HTTP/1.1 | Upgrade: websocket\\r\\nConnection: keep-alive, upgrade | true",
            "HTTP/1.1 | Connection: upgrade                                   | false",
            "HTTP/1.1 | Upgrade: websocket                                    | false",
            "HTTP/1.1 | Connection: keep-alive\\r\\nUpgrade: websocket          | false",
            "HTTP/1.0 | Connection: upgrade\\r\\nUpgrade: websocket             | false",
        })
        void upgradeNeedsTheTokenAndTheHeaderInHttp11(String version, String lines, boolean upgrade) {
            ClientRequestHead head = parseHead(
                    "GET /ws " + version + "\r\nHost: h\r\n" + lines.replace("\\r\\n", "\r\n") + "\r\n\r\n");
            assertEquals(upgrade, head.upgrade());
        }

        @Test
        void headerIsCaseInsensitiveTrimmedAndTheFirst() {
            ClientRequestHead head = parseHead("GET / HTTP/1.1\r\nHost: h\r\n"
                    + "Content-TYPE: \t text/html \t\r\n"
                    + "X-Dup: first\r\n"
                    + "x-dup: second\r\n"
                    + "X-Empty:\r\n\r\n");
            assertEquals("text/html", head.header("content-type"));
            assertEquals("text/html", head.header("CONTENT-TYPE"));
            assertEquals("first", head.header("X-DUP"));
            assertEquals("h", head.header("host"));
            assertEquals("", head.header("x-empty"));
            assertNull(head.header("content"), "a prefix of a name is not the name");
            assertNull(head.header("x-missing"));
        }
    }

    // ================================================================ forUpstream

    @Nested
    class ForUpstream {

        /**
         * The lines added for a client at {@code IP} that sent no X-Forwarded-For, and the blank line; spelled
         * out in full where they are the subject.
         */
        private static String forwarded(String proto, String host) {
            return "X-Forwarded-For: " + IP + "\r\nX-Real-IP: " + IP + "\r\nX-Forwarded-Proto: " + proto + "\r\n"
                    + "X-Forwarded-Host: " + host + "\r\n\r\n";
        }

        @Test
        void plainRequestGetsTheForwardedHeaders() {
            assertEquals("GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n"
                    + "X-Forwarded-For: " + IP + "\r\nX-Real-IP: " + IP + "\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Host: example.com\r\n\r\n", forUpstream(parseHead(GET_REQ), "https"));
        }

        @Test
        void hopByHopAndConnectionNamedLinesAreDroppedOthersKeptByteForByte() {
            ClientRequestHead head = parseHead("GET /p HTTP/1.1\r\n"
                    + "Host:  example.com  \r\n"
                    + "connection: keep-alive, X-Secret\r\n"
                    + "X-Secret: s\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "x-CUSTOM:\tMixed  value \r\n"
                    + "PROXY-CONNECTION: keep-alive\r\n"
                    + "TE: trailers\r\n"
                    + "Upgrade: h2c\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: x-other\r\n"
                    + "X-Other: gone\r\n"
                    + "x-secret: also gone\r\n"
                    + "X-Real-IP: 6.6.6.6\r\n"
                    + "x-forwarded-proto: ftp\r\n"
                    + "X-FORWARDED-HOST: evil\r\n"
                    + "Cookie: a=b\r\n"
                    + "\r\n");
            assertFalse(head.upgrade());
            assertEquals("GET /p HTTP/1.1\r\n"
                    + "Host:  example.com  \r\n"
                    + "x-CUSTOM:\tMixed  value \r\n"
                    + "Accept: */*\r\n"
                    + "Cookie: a=b\r\n"
                    + "X-Forwarded-For: " + IP + "\r\n"
                    + "X-Real-IP: " + IP + "\r\n"
                    + "X-Forwarded-Proto: http\r\n"
                    + "X-Forwarded-Host: example.com\r\n"
                    + "\r\n", forUpstream(head, "http"));
        }

        @Test
        void http10WithoutHostGetsTheContainersAddressAsHost() {
            ClientRequestHead head = parseHead("GET /old HTTP/1.0\r\nAccept: */*\r\n\r\n");
            assertNull(head.host());
            String out = DecoderHarness.readAndRelease(
                    head.forUpstream(harness.alloc(), ForwardedLines.of(IP, "http"), "10.1.2.3:3000"));
            assertEquals("GET /old HTTP/1.1\r\nAccept: */*\r\nHost: 10.1.2.3:3000\r\n"
                    + "X-Forwarded-For: " + IP + "\r\nX-Real-IP: " + IP + "\r\nX-Forwarded-Proto: http\r\n\r\n", out);
            ClientRequestHead withHost = parseHead("GET /new HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("GET /new HTTP/1.1\r\nHost: h\r\n" + forwarded("http", "h"), DecoderHarness.readAndRelease(
                    withHost.forUpstream(harness.alloc(), ForwardedLines.of(IP, "http"), "10.1.2.3:3000")));
        }

        @Test
        void connectionCannotDropContentLengthOrHost() {
            ClientRequestHead head = parseHead("POST /u HTTP/1.1\r\nHost: h\r\n"
                    + "Connection: Content-Length, HOST, x-a\r\n"
                    + "X-A: 1\r\nContent-Length: 2\r\n\r\nok");
            assertEquals(2, head.contentLength());
            assertEquals("h", head.host());
            assertEquals("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n" + forwarded("http", "h"),
                    forUpstream(head, "http"));
        }

        @Test
        void previousForwardedForValuesAreJoined() {
            ClientRequestHead head = parseHead("GET / HTTP/1.1\r\nX-Forwarded-For:  1.1.1.1 \r\nHost: h\r\n"
                    + "x-forwarded-for: 2.2.2.2, 3.3.3.3\r\n\r\n");
            assertEquals("GET / HTTP/1.1\r\nHost: h\r\n"
                    + "X-Forwarded-For: 1.1.1.1, 2.2.2.2, 3.3.3.3, " + IP + "\r\nX-Real-IP: " + IP + "\r\n"
                    + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: h\r\n\r\n", forUpstream(head, "https"));
        }

        @Test
        void blankPreviousForwardedForIsJustTheClient() {
            ClientRequestHead head = parseHead("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: \t \r\n\r\n");
            assertEquals("GET / HTTP/1.1\r\nHost: h\r\n"
                    + "X-Forwarded-For: " + IP + "\r\nX-Real-IP: " + IP + "\r\n"
                    + "X-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n", forUpstream(head, "http"));
        }

        @Test
        void http10IsForwardedAsHttp11() {
            ClientRequestHead head = parseHead("GET /x HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n");
            assertTrue(head.http10());
            assertEquals("GET /x HTTP/1.1\r\nHost: h\r\n" + forwarded("http", "h"), forUpstream(head, "http"));
        }

        @Test
        void noForwardedHostWithoutHostOrWithAnEmptyOne() {
            String expected = "GET /x HTTP/1.1\r\nX-Forwarded-For: " + IP + "\r\nX-Real-IP: " + IP + "\r\n"
                    + "X-Forwarded-Proto: http\r\n\r\n";
            assertEquals(expected, forUpstream(parseHead("GET /x HTTP/1.0\r\n\r\n"), "http"));
            nextCase();
            ClientRequestHead empty = parseHead("GET /x HTTP/1.0\r\nHost:  \r\n\r\n");
            assertEquals("", empty.host());
            assertEquals("GET /x HTTP/1.1\r\nHost:  \r\nX-Forwarded-For: " + IP + "\r\nX-Real-IP: " + IP + "\r\n"
                    + "X-Forwarded-Proto: http\r\n\r\n", forUpstream(empty, "http"));
        }

        @Test
        void chunkedGetsTransferEncodingAddedAfterTheOtherLines() {
            ClientRequestHead head = parseHead("POST /c HTTP/1.1\r\nHost: h\r\ntransfer-encoding:  Chunked \r\n"
                    + "X-A: 1\r\n\r\n");
            assertTrue(head.chunked());
            assertEquals("POST /c HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n"
                    + forwarded("http", "h"), forUpstream(head, "http"));
        }

        @Test
        void upgradeKeepsTheUpgradeLineAndAddsConnectionUpgrade() {
            ClientRequestHead head = parseHead("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Key: k\r\n\r\n");
            assertTrue(head.upgrade());
            assertEquals("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\n"
                    + "Connection: upgrade\r\n" + forwarded("https", "h"), forUpstream(head, "https"));
        }

        @Test
        void absoluteFormBecomesOriginFormWithTheAuthorityAsHost() {
            ClientRequestHead head = parseHead(
                    "GET http://example.com:8080/a?b HTTP/1.1\r\nHost: other\r\nX-A: 1\r\nhost-name: x\r\n\r\n");
            assertTrue(head.toOriginForm());
            assertEquals("/a?b", head.uri());
            assertEquals("example.com:8080", head.host());
            assertEquals("GET /a?b HTTP/1.1\r\nX-A: 1\r\nhost-name: x\r\nHost: example.com:8080\r\n"
                    + forwarded("http", "example.com:8080"), forUpstream(head, "http"));
        }

        @Test
        void absoluteFormWithEmptyPathBecomesSlash() {
            ClientRequestHead head = parseHead("GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertTrue(head.toOriginForm());
            assertEquals("/", head.uri());
            assertEquals("example.com", head.host());
        }

        @Test
        void everyAddedLineInTheSpecifiedOrder() {
            ClientRequestHead head = parseHead("POST http://a.example/up HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: upgrade\r\nUpgrade: foo\r\n"
                    + "X-Forwarded-For: 1.2.3.4\r\n\r\n");
            assertTrue(head.upgrade());
            assertTrue(head.toOriginForm());
            assertEquals("POST /up HTTP/1.1\r\nUpgrade: foo\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: upgrade\r\nX-Forwarded-For: 1.2.3.4, " + IP + "\r\nX-Real-IP: " + IP + "\r\n"
                    + "X-Forwarded-Proto: http\r\nX-Forwarded-Host: a.example\r\n\r\n", forUpstream(head, "http"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"http://user@h/", "http://user:pw@h/x", "/a/b", "*", "http:///nohost", "ftp://h/x",
            "http://h/a%zz"})
        void notAUsableAbsoluteForm(String target) {
            ClientRequestHead head = parseHead("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertFalse(head.toOriginForm(), target);
            assertEquals(target, head.uri());
            assertEquals("h", head.host());
        }
    }

    // ================================================================ limits

    @Nested
    class Limits {

        private static final int LINE = 64;
        private static final int HEADERS = 128;

        private void openLimited(long maxBody) {
            open(LINE, HEADERS, maxBody);
        }

        /** A request line (without CRLF) of exactly {@code length} bytes. */
        private static String requestLine(int length) {
            String start = "GET /";
            String end = " HTTP/1.1";
            return start + "a".repeat(length - start.length() - end.length()) + end;
        }

        /** A header section (after the request line's CRLF, blank line's CRLF included) of exactly {@code length}. */
        private static String headerSection(int length) {
            String start = "Host: h\r\nX-Pad: ";
            String end = "\r\n\r\n";
            return start + "p".repeat(length - start.length() - end.length()) + end;
        }

        @Test
        void requestLineOfExactlyTheLimitPassesOneMoreIs414() {
            openLimited(0);
            assertEquals("GET", shape(harness.feed(requestLine(LINE) + "\r\nHost: h\r\n\r\n")));
            List<Object> out = harness.feed(requestLine(LINE + 1) + "\r\nHost: h\r\n\r\n" + SMUGGLED);
            assertEquals("414", shape(out));
            assertEquals(414, violation(out).status().code());
        }

        @Test
        void incompleteRequestLineWithoutLfWithinLimitPlusTwoIs414() {
            openLimited(0);
            String line = requestLine(LINE + 10);
            assertEquals("414", shape(harness.feed(line.substring(0, LINE + 2))));
            assertEquals("", shape(harness.feed(line.substring(LINE + 2) + "\r\nHost: h\r\n\r\n")));
        }

        @Test
        void incompleteRequestLineBytewiseIs414() {
            openLimited(0);
            assertEquals("414", shape(harness.feedBytewise(requestLine(LINE + 2))));
        }

        @Test
        void requestLineOfTheLimitPlusCrWaitsForItsLf() {
            openLimited(0);
            assertEquals("", shape(harness.feed(requestLine(LINE) + "\r")));
            assertEquals("GET", shape(harness.feed("\nHost: h\r\n\r\n")));
        }

        @Test
        void headerSectionOfExactlyTheLimitPassesOneMoreIs431() {
            openLimited(0);
            assertEquals("GET", shape(harness.feed("GET / HTTP/1.1\r\n" + headerSection(HEADERS))));
            List<Object> out = harness.feed("GET / HTTP/1.1\r\n" + headerSection(HEADERS + 1) + SMUGGLED);
            assertEquals("431", shape(out));
            assertEquals(431, violation(out).status().code());
        }

        @Test
        void headerSectionOfExactlyTheLimitBytewisePasses() {
            openLimited(0);
            assertEquals("GET", shape(harness.feedBytewise("GET / HTTP/1.1\r\n" + headerSection(HEADERS))));
        }

        @Test
        void incompleteHeaderSectionOverTheLimitIs431() {
            openLimited(0);
            String section = headerSection(HEADERS + 50);
            assertEquals("431", shape(harness.feed("GET / HTTP/1.1\r\n" + section.substring(0, HEADERS + 1))));
            assertEquals("", shape(harness.feed(section.substring(HEADERS + 1) + SMUGGLED)));
        }

        @Test
        void incompleteHeaderSectionOfManyLinesOverTheLimitIs431() {
            openLimited(0);
            StringBuilder section = new StringBuilder("Host: h\r\n");
            while (section.length() <= HEADERS) {
                section.append("X-L: v\r\n");
            }
            assertEquals("431", shape(harness.feed("GET / HTTP/1.1\r\n" + section)));
        }

        @Test
        void incompleteHeaderSectionBytewiseIs431() {
            openLimited(0);
            String section = headerSection(HEADERS + 50).substring(0, HEADERS + 1);
            assertEquals("431", shape(harness.feedBytewise("GET / HTTP/1.1\r\n" + section)));
        }

        @Test
        void bigTrailersAre431() {
            openLimited(0);
            List<Object> out = harness.feed(
                    CHUNKED_PREFIX + "3\r\nabc\r\n0\r\nX-Big: " + "t".repeat(2 * HEADERS) + "\r\n\r\n" + SMUGGLED);
            assertEquals("POST 431", shapeWithoutBodies(out));
            assertEquals(431, violation(out).status().code());
        }

        @Test
        void bigTrailersBytewiseAre431() {
            openLimited(0);
            String wire = CHUNKED_PREFIX + "0\r\nX-Big: " + "t".repeat(2 * HEADERS) + "\r\n\r\n" + SMUGGLED;
            assertEquals("POST 431", shapeWithoutBodies(harness.feedBytewise(wire)));
        }

        @Test
        void manyTrailerLinesAre431() {
            openLimited(0);
            List<Object> out = harness.feed(CHUNKED_PREFIX + "0\r\n" + "X-T: v\r\n".repeat(HEADERS / 4) + "\r\n");
            assertEquals("POST 431", shapeWithoutBodies(out));
        }

        @Test
        void smallTrailersPass() {
            openLimited(0);
            String chunks = "3\r\nabc\r\n0\r\nX-T: " + "t".repeat(HEADERS / 2) + "\r\n\r\n";
            List<Object> out = harness.feed(CHUNKED_PREFIX + chunks);
            assertEquals("POST body end", shape(out));
            assertEquals(chunks, body(out));
        }

        @Test
        void chunkedDataOverMaxBodyIs413() {
            openLimited(10);
            List<Object> out = harness.feed(CHUNKED_PREFIX + "5\r\nabcde\r\n6\r\nfghijk\r\n0\r\n\r\n" + SMUGGLED);
            assertEquals("POST 413", shapeWithoutBodies(out));
            assertEquals(413, violation(out).status().code());
            assertFalse(out.stream().anyMatch(ClientRequestEnd.class::isInstance));
        }

        @Test
        void oneChunkOverMaxBodyIs413() {
            openLimited(10);
            List<Object> out = harness.feed(CHUNKED_PREFIX + "b\r\n" + "x".repeat(11) + "\r\n0\r\n\r\n");
            assertEquals("POST 413", shapeWithoutBodies(out));
        }

        @Test
        void chunkedDataOverMaxBodyBytewiseIs413() {
            openLimited(10);
            String wire = CHUNKED_PREFIX + "5\r\nabcde\r\n6\r\nfghijk\r\n0\r\n\r\n" + SMUGGLED;
            assertEquals("POST 413", shapeWithoutBodies(harness.feedBytewise(wire)));
        }

        @Test
        void chunkedDataOfExactlyMaxBodyPassesNotCountingFraming() {
            openLimited(10);
            String chunks = "5;ext=long-extension\r\nabcde\r\n5\r\nfghij\r\n0\r\nX-T: v\r\n\r\n";
            List<Object> out = harness.feed(CHUNKED_PREFIX + chunks + CHUNKED_PREFIX + chunks);
            assertEquals("POST body end POST body end", shape(out));
            assertEquals(List.of(chunks, chunks), bodies(out), "the limit is per request");
        }

        @Test
        void contentLengthOverMaxBodyIsNotRefusedByTheParser() {
            openLimited(10);
            String data = "y".repeat(100);
            List<Object> out = harness.feed(post("Content-Length: 100\r\n", data));
            assertEquals("POST body end", shape(out));
            assertEquals(100, onlyHead(out).contentLength());
            assertEquals(data, body(out));
        }

        @Test
        void zeroMaxBodyIsUnlimited() {
            openLimited(0);
            String data = "z".repeat(100_000);
            String chunks = Integer.toHexString(data.length()) + "\r\n" + data + "\r\n0\r\n\r\n";
            List<Object> out = harness.feed(CHUNKED_PREFIX + chunks);
            assertEquals("POST body end", shape(out));
            assertEquals(chunks, body(out));
        }
    }

    // ================================================================ upgrade

    @Nested
    class Upgrade {

        private static final String WS =
                "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";

        @Test
        void bytesAfterTheUpgradeStayForTheNewProtocol() {
            Recorder after = openRecorded();
            String tunnel = "\u0081\u0002hi" + SMUGGLED;
            List<Object> out = harness.feed(WS + tunnel);
            assertEquals("GET", shape(out));
            assertTrue(onlyHead(out).upgrade());
            assertEquals("", shape(harness.feed("more")), "nothing after an upgrade is parsed");

            List<Object> rest = harness.removeDecoder();
            assertEquals("body", shape(rest));
            assertEquals(tunnel + "more", body(rest), "the bytes stay for the tunnel");
            assertEquals(tunnel + "more", after.received.stream().filter(ByteBuf.class::isInstance)
                    .map(b -> ((ByteBuf) b).toString(StandardCharsets.ISO_8859_1)).collect(Collectors.joining()));
        }

        @Test
        void upgradeWithABodyStopsAfterTheBody() {
            openRecorded();
            List<Object> out = harness.feed("POST /up HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: x\r\n"
                    + "Content-Length: 2\r\n\r\nokTUNNEL" + SMUGGLED);
            assertEquals("POST body end", shape(out));
            assertEquals("ok", body(out));
            assertEquals("TUNNEL" + SMUGGLED, body(harness.removeDecoder()));
        }

        @Test
        void bytesAfterTheUpgradeUnderAnySplit() {
            String tunnel = "\u0000\u00ff tunnel " + GET_REQ;
            for (int seed = 0; seed < 40; seed++) {
                openRecorded();
                List<Object> out = harness.feedSplit(bytes(GET_REQ + WS + tunnel), new Random(seed));
                assertEquals("GET GET", shape(out), "seed " + seed);
                assertEquals(tunnel, body(harness.removeDecoder()), "seed " + seed);
                nextCase();
            }
        }

        @Test
        void http10UpgradeIsAnOrdinaryRequest() {
            List<Object> out = assertParsesAs("GET GET",
                    "GET /ws HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n" + GET_REQ);
            assertFalse(heads(out).getFirst().upgrade());
        }
    }

    /** Opens the default parser with a {@link Recorder} after it, where the bytes after an upgrade go. */
    private Recorder openRecorded() {
        Recorder after = new Recorder();
        open(MAX_LINE, MAX_HEADERS, 0, after);
        return after;
    }

    /** Records what passes it and passes it on. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> received = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
            ctx.fireChannelRead(msg);
        }
    }

    // ================================================================ fuzz

    private static final String[] CORPUS = {
        GET_REQ,
        POST_REQ,
        PUT_REQ,
        "\r\n\r\nGET /a HTTP/1.0\r\nConnection: keep-alive, X-A\r\nX-A: 1\r\n\r\n",
        "GET http://example.com:8080/a?b HTTP/1.1\r\nHost: other\r\nX-Forwarded-For: 1.1.1.1\r\n\r\n",
        "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi",
        "PURGE /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\nTE: trailers\r\n\r\n",
        CHUNKED_PREFIX + "3;a=b\r\nabc\r\n00000000000000A\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 000000000000000003\r\n\r\nabc",
        "DELETE /d HTTP/1.1\r\nhost:  h  \r\nConnection: close\r\n\r\n",
    };
    private static final byte[] INTERESTING = bytes("\r\n :;,0aF\t\u0000\u007f\u00ff9-/.H");

    @Test
    void randomAndMutatedRequestsNeverThrowAndOnlyEmitTheFourKinds() {
        Random random = new Random(20250611);
        for (int i = 0; i < 4000; i++) {
            byte[] input = mutate(random);
            if (random.nextBoolean()) {
                open();
            } else {
                open(16 + random.nextInt(100), 32 + random.nextInt(200), random.nextInt(40));
            }
            harness.feedFuzzCase(i, input, random, this::assertWellFormed);
            nextCase();
        }
    }

    private static byte[] mutate(Random random) {
        String base = CORPUS[random.nextInt(CORPUS.length)];
        for (int extra = random.nextInt(3); extra > 0; extra--) {
            base += CORPUS[random.nextInt(CORPUS.length)];
        }
        if (random.nextInt(20) == 0) {
            return Mutations.noise(random, 300);
        }
        return Mutations.edit(bytes(base), random, random.nextInt(6), INTERESTING);
    }

    /**
     * Head, then (only when it has a body) body buffers and one end; a violation is last; nothing after a
     * completed upgrade; a Content-Length body has exactly that many bytes; every head added its method
     * and can be written for the container.
     */
    private void assertWellFormed(List<Object> out, String context) {
        ClientRequestHead current = null;
        boolean inBody = false;
        boolean finished = false;
        long bodyBytes = 0;
        int heads = 0;
        for (Object o : out) {
            assertFalse(finished, "output after a violation or a completed upgrade, " + context);
            switch (o) {
                case ClientRequestHead h -> {
                    assertFalse(inBody, "a head inside a body, " + context);
                    assertEquals(h.chunked() || h.contentLength() > 0, h.hasBody(), "hasBody, " + context);
                    assertNotNull(h.method(), context);
                    assertNotNull(h.uri(), context);
                    forUpstream(h, "http");
                    heads++;
                    current = h;
                    bodyBytes = 0;
                    inBody = h.hasBody();
                    finished = !inBody && h.upgrade();
                }
                case ByteBuf b -> {
                    assertTrue(inBody, "a body buffer outside a body, " + context);
                    bodyBytes += b.readableBytes();
                }
                case ClientRequestEnd e -> {
                    assertTrue(inBody, "an end outside a body, " + context);
                    if (!current.chunked()) {
                        assertEquals(current.contentLength(), bodyBytes, "body length, " + context);
                    }
                    inBody = false;
                    finished = current.upgrade();
                }
                case FramingViolation v -> {
                    assertNotNull(v.status(), context);
                    assertTrue(Stream.of(400, 413, 414, 431, 501, 505).anyMatch(s -> s == v.status().code()),
                            "status " + v.status() + ", " + context);
                    finished = true;
                }
                default -> fail("unexpected " + o.getClass() + ", " + context);
            }
        }
        assertEquals(heads, methods.size(), "one method per head, " + context);
    }

    // ================================================================ channel helpers

    private void open() {
        open(MAX_LINE, MAX_HEADERS, 0);
    }

    private void open(int maxLine, int maxHeaders, long maxBody, ChannelInboundHandlerAdapter... after) {
        harness.open(new ClientRequestParser(methods, maxLine, maxHeaders, maxBody), after);
    }

    /** Opens the default parser and checks the shape of what {@code wire}, written whole, gives. */
    private List<Object> assertParsesAs(String expectedShape, String wire) {
        open();
        List<Object> out = harness.feed(wire);
        assertEquals(expectedShape, shape(out));
        return out;
    }

    /** Ends one case of a looping test: no methods left, and nothing leaked. */
    private void nextCase() {
        methods.clear();
        harness.close();
    }

    /** The head of {@code wire}, which must be one complete, accepted request. */
    private ClientRequestHead parseHead(String wire) {
        open();
        List<Object> out = harness.feed(wire);
        assertFalse(out.stream().anyMatch(FramingViolation.class::isInstance), shape(out));
        return heads(out).getFirst();
    }

    private String forUpstream(ClientRequestHead head, String scheme) {
        return DecoderHarness.readAndRelease(head.forUpstream(harness.alloc(), IP, scheme));
    }

    // ================================================================ output helpers

    /**
     * The outputs as words: a head's method name, "body" (consecutive bodies as one), "end", and a
     * violation's status code.
     */
    private static String shape(List<Object> out) {
        List<String> words = new ArrayList<>();
        for (Object o : out) {
            String w = switch (o) {
                case ClientRequestHead h -> h.method().name();
                case ByteBuf b -> "body";
                case ClientRequestEnd e -> "end";
                case FramingViolation v -> String.valueOf(v.status().code());
                default -> o.getClass().getSimpleName();
            };
            if (!(w.equals("body") && !words.isEmpty() && words.getLast().equals("body"))) {
                words.add(w);
            }
        }
        return String.join(" ", words);
    }

    /** {@link #shape} without the body buffers (a refused body may or may not have had some bytes out). */
    private static String shapeWithoutBodies(List<Object> out) {
        return shape(out.stream().filter(o -> !(o instanceof ByteBuf)).toList());
    }

    private static List<ClientRequestHead> heads(List<Object> out) {
        return out.stream().filter(ClientRequestHead.class::isInstance).map(ClientRequestHead.class::cast).toList();
    }

    private static ClientRequestHead onlyHead(List<Object> out) {
        List<ClientRequestHead> heads = heads(out);
        assertEquals(1, heads.size(), shape(out));
        return heads.getFirst();
    }

    private static FramingViolation violation(List<Object> out) {
        return assertInstanceOf(FramingViolation.class, out.getLast(), shape(out));
    }

    /** Every body byte in {@code out}, in order. */
    private static String body(List<Object> out) {
        return out.stream().filter(ByteBuf.class::isInstance)
                .map(b -> ((ByteBuf) b).toString(StandardCharsets.ISO_8859_1)).collect(Collectors.joining());
    }

    /** The body of each request that ended, in order. */
    private static List<String> bodies(List<Object> out) {
        return DecoderHarness.bodies(out, ClientRequestEnd.class);
    }

    // ================================================================ byte helpers

    private static String randomText(Random random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) random.nextInt(256));
        }
        return s.toString();
    }
}
