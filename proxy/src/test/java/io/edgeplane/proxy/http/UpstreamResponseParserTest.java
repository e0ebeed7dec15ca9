package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
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
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.edgeplane.proxy.http.DecoderHarness.bytes;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tests {@link UpstreamResponseParser} and what it emits ({@link UpstreamResponseHead}, body
 * {@link ByteBuf}s, {@link UpstreamResponseEnd}, {@link UpstreamResponseFailure}) through an
 * {@link EmbeddedChannel}: body framing (Content-Length, chunked decoded or passed through, HEAD,
 * 1xx, 204, 304, until close), keep-alive, the strict refusals, the forms of the head for the
 * client ({@link UpstreamResponseHead#forClient}, {@link UpstreamResponseHead#toHttpResponse}) and
 * a seeded fuzz run.
 *
 * <p>Everything read from the channel is released after each test, and every buffer given to or
 * allocated by the channel must then have been released (a tracking allocator checks it).
 */
class UpstreamResponseParserTest {

    private static final int MAX_HEAD = 64 * 1024;

    private static final String OK_2 = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String CHUNKED_HEAD =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n";
    /** Two chunks with extensions, then trailers: data "hello world" (11 bytes). */
    private static final String CHUNKED_BODY =
            "5;name=value\r\nhello\r\n6 ; x=\"y\"\r\n world\r\n0\r\nX-Checksum: abc\r\nX-Count:  2 \r\n\r\n";

    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
    private final DecoderHarness harness = new DecoderHarness();

    @AfterEach
    void releaseEverythingAndCheckForLeaks() {
        harness.close();
    }

    // ================================================================ Content-Length

    @Nested
    class ContentLength {

        private static final String WIRE =
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello";

        @Test
        void headThenBodyThenEnd() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed(WIRE);

            assertEquals("200 body end", shape(out));
            UpstreamResponseHead head = onlyHead(out);
            assertEquals(200, head.status());
            assertEquals(5, head.contentLength());
            assertFalse(head.chunked());
            assertTrue(head.keepAlive());
            assertEquals("hello", body(out));
            UpstreamResponseEnd end = onlyEnd(out);
            assertEquals(5, end.bodyBytes());
            assertNull(end.trailers());
            assertTrue(methods.isEmpty(), "the response took the method of its request");
        }

        @Test
        void sameResultWhenBytesArriveOneAtATime() {
            sent(GET);
            decoding();
            List<Object> out = harness.feedBytewise(WIRE);

            assertEquals("200 body end", shape(out));
            assertEquals(5, onlyHead(out).contentLength());
            assertEquals("hello", body(out));
            assertEquals(5, onlyEnd(out).bodyBytes());
        }

        @Test
        void partialBodyHasNoEndUntilTheRestArrives() {
            sent(GET);
            decoding();
            assertEquals("200 body", shape(harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")));
            List<Object> rest = harness.feed("lo");
            assertEquals("body end", shape(rest));
            assertEquals("lo", body(rest));
            assertEquals(5, onlyEnd(rest).bodyBytes());
        }

        @Test
        void twoPipelinedResponsesInOneBuffer() {
            sent(GET, GET);
            decoding();
            List<Object> out = harness.feed(WIRE + "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnah");

            assertEquals("200 body end 404 body end", shape(out));
            assertEquals(List.of("hello", "nah"), bodies(out));
            assertEquals(List.of(5L, 3L), ends(out).stream().map(UpstreamResponseEnd::bodyBytes).toList());
            assertTrue(methods.isEmpty());
        }

        @Test
        void twoPipelinedResponsesOneByteAtATime() {
            sent(GET, GET);
            decoding();
            List<Object> out = harness.feedBytewise(WIRE + "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnah");

            assertEquals("200 body end 404 body end", shape(out));
            assertEquals(List.of("hello", "nah"), bodies(out));
        }

        @Test
        void zeroLengthEndsAtTheHead() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            assertEquals("200 end", shape(out));
            assertEquals(0, onlyEnd(out).bodyBytes());
        }

        @Test
        void equalRepeatedLengthsAreAccepted() {
            sent(GET, GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length:3\r\n\r\nxyz");
            assertEquals("200 body end 200 body end", shape(out));
            assertEquals(List.of("abc", "xyz"), bodies(out));
            assertEquals(List.of(3L, 3L), heads(out).stream().map(UpstreamResponseHead::contentLength).toList());
        }

        @Test
        void lengthValueMayBePaddedWithSpacesAndTabs() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 200 OK\r\nContent-Length: \t2\t \r\n\r\nok");
            assertEquals("200 body end", shape(out));
            assertEquals(2, onlyHead(out).contentLength());
        }

        @Test
        void cutShortBodyHasNoEndAtClose() {
            sent(GET);
            decoding();
            harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            assertEquals("", shape(harness.finish()), "the closing connection, not an end, tells the frontend");
        }
    }

    // ================================================================ chunked

    @Nested
    class ChunkedDecoded {

        @Test
        void dataIsConcatenatedExtensionsIgnoredAndTrailersParsed() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed(CHUNKED_HEAD + CHUNKED_BODY);

            assertEquals("200 body end", shape(out));
            UpstreamResponseHead head = onlyHead(out);
            assertTrue(head.chunked());
            assertEquals(-1, head.contentLength());
            assertEquals("hello world", body(out));
            UpstreamResponseEnd end = onlyEnd(out);
            assertEquals(11, end.bodyBytes());
            assertTrailers(Map.of("X-Checksum", "abc", "X-Count", "2"), end.trailers());
        }

        @Test
        void sameResultWhenBytesArriveOneAtATime() {
            sent(GET);
            decoding();
            List<Object> out = harness.feedBytewise(CHUNKED_HEAD + CHUNKED_BODY);

            assertEquals("200 body end", shape(out));
            assertEquals("hello world", body(out));
            assertEquals(11, onlyEnd(out).bodyBytes());
            assertTrailers(Map.of("X-Checksum", "abc", "X-Count", "2"), onlyEnd(out).trailers());
        }

        @Test
        void noTrailersMeansNullTrailers() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed(CHUNKED_HEAD + "3\r\nabc\r\n0\r\n\r\n");
            assertEquals("abc", body(out));
            assertNull(onlyEnd(out).trailers());
        }

        @Test
        void upperCaseHexSizesAndBareLfFramingAreRead() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed(CHUNKED_HEAD + "A\nabcdefghij\n1a\r\n" + "x".repeat(26) + "\r\n0\n\n");
            assertEquals("abcdefghij" + "x".repeat(26), body(out));
            assertEquals(36, onlyEnd(out).bodyBytes());
        }

        @Test
        void lastCodingChunkedAfterAnotherCodingIsChunked() {
            sent(GET);
            decoding();
            List<Object> out =
                    harness.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n");
            assertTrue(onlyHead(out).chunked());
            assertEquals("zz", body(out));
        }

        @Test
        void pipelinedResponseAfterChunkedBodyIsReadAsItsOwn() {
            sent(GET, GET);
            decoding();
            List<Object> out = harness.feed(CHUNKED_HEAD + CHUNKED_BODY + OK_2);
            assertEquals("200 body end 200 body end", shape(out));
            assertEquals(List.of("hello world", "ok"), bodies(out));
            assertNotNull(ends(out).get(0).trailers());
            assertNull(ends(out).get(1).trailers());
        }

        @Test
        void anyBoundaryGivesTheSameDataAndTrailers() {
            String wire = CHUNKED_HEAD + CHUNKED_BODY + CHUNKED_HEAD + "1\r\n!\r\n0\r\n\r\n";
            for (int seed = 0; seed < 50; seed++) {
                sent(GET, GET);
                decoding();
                List<Object> out = harness.feedSplit(bytes(wire), new Random(seed));
                assertEquals("200 body end 200 body end", shape(out), "seed " + seed);
                assertEquals(List.of("hello world", "!"), bodies(out), "seed " + seed);
                assertTrailers(Map.of("X-Checksum", "abc", "X-Count", "2"), ends(out).get(0).trailers());
                harness.close();
            }
        }
    }

    @Nested
    class ChunkedPassThrough {

        @Test
        void bodyIsTheWireBytesAfterTheHead() {
            sent(GET);
            passingThrough();
            List<Object> out = harness.feed(CHUNKED_HEAD + CHUNKED_BODY);

            assertEquals("200 body end", shape(out));
            assertEquals(CHUNKED_BODY, body(out), "chunk lines, CRLFs, \"0\", trailers and the final CRLF");
            UpstreamResponseEnd end = onlyEnd(out);
            assertEquals(11, end.bodyBytes(), "data bytes only");
            assertNull(end.trailers(), "the trailers went on in the bytes");
        }

        @Test
        void sameBytesWhenTheyArriveOneAtATime() {
            sent(GET);
            passingThrough();
            List<Object> out = harness.feedBytewise(CHUNKED_HEAD + CHUNKED_BODY);

            assertEquals("200 body end", shape(out));
            assertEquals(CHUNKED_BODY, body(out));
            assertEquals(11, onlyEnd(out).bodyBytes());
            assertNull(onlyEnd(out).trailers());
        }

        @Test
        void headAloneThenBodyInALaterRead() {
            sent(GET);
            passingThrough();
            assertEquals("200", shape(harness.feed(CHUNKED_HEAD)));
            List<Object> out = harness.feed(CHUNKED_BODY);
            assertEquals("body end", shape(out));
            assertEquals(CHUNKED_BODY, body(out));
        }

        @Test
        void anyBoundaryGivesTheSameBytesAndTheNextResponseIsNotPartOfThem() {
            String second = "a\r\n0123456789\r\n0\r\n\r\n";
            String wire = CHUNKED_HEAD + CHUNKED_BODY + CHUNKED_HEAD + second;
            for (int seed = 0; seed < 50; seed++) {
                sent(GET, GET);
                passingThrough();
                List<Object> out = harness.feedSplit(bytes(wire), new Random(seed));
                assertEquals("200 body end 200 body end", shape(out), "seed " + seed);
                assertEquals(List.of(CHUNKED_BODY, second), bodies(out), "seed " + seed);
                assertEquals(List.of(11L, 10L), ends(out).stream().map(UpstreamResponseEnd::bodyBytes).toList());
                harness.close();
            }
        }

        @Test
        void contentLengthBodyIsTheSameInEitherMode() {
            sent(GET);
            passingThrough();
            List<Object> out = harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            assertEquals("200 body end", shape(out));
            assertEquals("hello", body(out));
            assertEquals(5, onlyEnd(out).bodyBytes());
        }
    }

    // ================================================================ responses without a body

    @Nested
    class NoBody {

        @Test
        void headRequestGetsNoBodyDespiteContentLength() {
            sent(HEAD, GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + OK_2);

            assertEquals("200 end 200 body end", shape(out));
            assertEquals(10, heads(out).get(0).contentLength(), "the declared length is still reported");
            assertEquals(List.of("", "ok"), bodies(out));
            assertEquals(0, ends(out).get(0).bodyBytes());
        }

        @Test
        void headRequestGetsNoBodyDespiteChunked() {
            sent(HEAD, GET);
            passingThrough();
            List<Object> out = harness.feed(CHUNKED_HEAD + OK_2);

            assertEquals("200 end 200 body end", shape(out));
            assertTrue(heads(out).get(0).chunked());
            assertEquals(List.of("", "ok"), bodies(out));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(ints = {204, 304})
        void statusWithoutBodyIgnoresContentLength(int status) {
            sent(GET, GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 " + status + " X\r\nContent-Length: 10\r\n\r\n" + OK_2);

            assertEquals(status + " end 200 body end", shape(out));
            assertEquals(List.of("", "ok"), bodies(out));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(ints = {204, 304})
        void statusWithoutBodyIgnoresChunked(int status) {
            sent(GET, GET);
            passingThrough();
            List<Object> out = harness.feed("HTTP/1.1 " + status + " X\r\nTransfer-Encoding: chunked\r\n\r\n" + OK_2);

            assertEquals(status + " end 200 body end", shape(out));
            assertEquals(List.of("", "ok"), bodies(out));
        }
    }

    // ================================================================ 1xx

    @Nested
    class Interim {

        @Test
        void continueThenFinalResponseInOneBuffer() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 100 Continue\r\n\r\n" + OK_2);

            assertEquals("100 200 body end", shape(out));
            assertEquals(1, ends(out).size(), "only the final response has an end");
            assertTrue(methods.isEmpty());
        }

        @Test
        void interimResponseDoesNotTakeTheMethod() {
            sent(HEAD, GET);
            decoding();
            assertEquals("103", shape(harness.feed("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n")));
            assertEquals(2, methods.size());

            // Still HEAD's response: no body read despite the length.
            assertEquals("200 end", shape(harness.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")));
            assertEquals(List.of(GET), List.copyOf(methods));
            assertEquals("200 body end", shape(harness.feed(OK_2)));
        }

        @Test
        void switchingProtocolsLeavesTheFollowingBytesUnparsed() {
            String tunnel = "\u0081\u0002hi" + OK_2;
            sent(GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n\r\n" + tunnel);
            assertEquals("101", shape(out));
            assertEquals("websocket", onlyHead(out).header(AsciiString.of("upgrade")));

            assertEquals("", shape(harness.feed("more")), "nothing after a 101 is parsed");

            List<Object> rest = harness.removeDecoder();
            assertEquals("body", shape(rest));
            assertEquals(tunnel + "more", body(rest), "the bytes stay for the tunnel");
        }
    }

    // ================================================================ until close

    @Nested
    class UntilClose {

        @Test
        void bodyWithoutLengthOrChunkedEndsAtClose() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part, ");
            assertEquals("200 body", shape(out));
            UpstreamResponseHead head = onlyHead(out);
            assertEquals(-1, head.contentLength());
            assertFalse(head.chunked());
            assertFalse(head.keepAlive());

            assertEquals("body", shape(harness.feed("second part")));
            List<Object> last = harness.finish();
            assertEquals("end", shape(last));
            assertEquals(23, onlyEnd(last).bodyBytes());
        }

        @Test
        void passedThroughBodyEndsAtCloseToo() {
            sent(GET);
            passingThrough();
            List<Object> out = new ArrayList<>(harness.feed("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall "));
            out.addAll(harness.feed("of it"));
            out.addAll(harness.finish());
            assertEquals("200 body end", shape(out));
            assertEquals("all of it", body(out));
            assertEquals(9, onlyEnd(out).bodyBytes());
        }

        @Test
        void closeRightAfterTheHeadIsAnEmptyBody() {
            sent(GET);
            decoding();
            harness.feed("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
            List<Object> out = harness.finish();
            assertEquals("end", shape(out));
            assertEquals(0, onlyEnd(out).bodyBytes());
        }

        @Test
        void transferCodingOtherThanChunkedLastIsReadUntilClose() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nConnection: close\r\n\r\n"
                            + "3\r\nabc\r\n0\r\n\r\n");
            UpstreamResponseHead head = onlyHead(out);
            assertFalse(head.chunked());
            assertEquals(-1, head.contentLength());
            out = new ArrayList<>(out);
            out.addAll(harness.finish());
            assertEquals("200 body end", shape(out));
            assertEquals("3\r\nabc\r\n0\r\n\r\n", body(out), "the bytes as they came, not de-chunked");
        }

        @Test
        void http11ResponseReadUntilCloseIsNotKeepAlive() {
            sent(GET);
            decoding();
            List<Object> out = harness.feed("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody");
            assertFalse(onlyHead(out).keepAlive());
        }
    }

    // ================================================================ keep-alive

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 |                                 | true",
        "HTTP/1.1 | Connection: close               | false",
        "HTTP/1.1 | Connection: CLOSE               | false",
        "HTTP/1.1 | Connection: keep-alive          | true",
        "HTTP/1.1 | Connection: keep-alive, close   | false",
        "HTTP/1.1 | Connection: x-a, close, x-b     | false",
        "HTTP/1.0 |                                 | false",
        "HTTP/1.0 | Connection: keep-alive          | true",
        "HTTP/1.0 | Connection: Keep-Alive          | true",
        "HTTP/1.0 | Connection: keep-alive, close   | false",
        "HTTP/1.0 | Connection: close               | false",
    })
    void keepAliveFollowsVersionAndConnection(String version, String connection, boolean keepAlive) {
        sent(GET);
        decoding();
        String line = connection == null ? "" : connection + "\r\n";
        List<Object> out = harness.feed(version + " 200 OK\r\n" + line + "Content-Length: 0\r\n\r\n");
        assertEquals("200 end", shape(out));
        assertEquals(keepAlive, onlyHead(out).keepAlive());
    }

    @Test
    void http10ResponseWithTransferEncodingIsNotKeepAlive() {
        sent(GET);
        decoding();
        List<Object> out = harness.feed(
                "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertTrue(heads(out).stream().noneMatch(UpstreamResponseHead::keepAlive), shape(out));
    }

    // ================================================================ Content-Length with Transfer-Encoding

    @Nested
    class LengthAndChunked {

        private static final String WIRE = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nX-A: 1\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";

        @Test
        void chunkedWinsOverContentLength() {
            sent(GET, GET);
            decoding();
            List<Object> out = harness.feed(WIRE + OK_2);
            assertEquals("200 body end 200 body end", shape(out));
            UpstreamResponseHead head = heads(out).get(0);
            assertTrue(head.chunked());
            assertEquals(-1, head.contentLength());
            assertEquals(List.of("abc", "ok"), bodies(out));
        }

        @Test
        void forClientHasNoContentLength() {
            sent(GET);
            decoding();
            UpstreamResponseHead head = onlyHead(harness.feed(WIRE));
            assertEquals("HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n", forClient(head, false));
        }

        @Test
        void toHttpResponseHasNoContentLength() {
            sent(GET);
            decoding();
            HttpHeaders headers = onlyHead(harness.feed(WIRE)).toHttpResponse().headers();
            assertFalse(headers.contains("content-length"));
            assertEquals("chunked", headers.get("transfer-encoding"));
        }

        @Test
        void nonChunkedTransferEncodingAlsoDropsContentLength() {
            sent(GET);
            decoding();
            UpstreamResponseHead head = onlyHead(harness.feed(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\n0123456789"));
            assertEquals(-1, head.contentLength());
            assertFalse(head.toHttpResponse().headers().contains("content-length"));
            assertFalse(forClient(head, true).toLowerCase().contains("content-length"));
        }
    }

    // ================================================================ failures

    static Stream<Arguments> refusedResponses() {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                refused("version 2", "HTTP/2 200\r\n\r\n", "failure"),
                refused("version 2.0", "HTTP/2.0 200 OK\r\n\r\n", "failure"),
                refused("version 1.2", "HTTP/1.2 200 OK\r\n\r\n", "failure"),
                refused("lower-case protocol", "http/1.1 200 OK\r\n\r\n", "failure"),
                refused("letter in status", "HTTP/1.1 2x0 OK\r\n\r\n", "failure"),
                refused("status below 100", "HTTP/1.1 099 Low\r\n\r\n", "failure"),
                refused("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", "failure"),
                refused("two spaces before status", "HTTP/1.1  200 OK\r\n\r\n", "failure"),
                refused("no status line", "FOO\r\n\r\n", "failure"),
                refused("control character in reason", "HTTP/1.1 200 O\u0001K\r\n\r\n", "failure"),
                refused("space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc", "failure"),
                refused("tab before colon", "HTTP/1.1 200 OK\r\nX-A\t: 3\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("obs-fold with space", "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n",
                        "failure"),
                refused("obs-fold with tab", "HTTP/1.1 200 OK\r\nX-A: one\r\n\ttwo\r\nContent-Length: 0\r\n\r\n",
                        "failure"),
                refused("line without colon", "HTTP/1.1 200 OK\r\nX-A\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("empty header name", "HTTP/1.1 200 OK\r\n: v\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("non-token in name", "HTTP/1.1 200 OK\r\nX(A): v\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("control character in value", "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\nContent-Length: 0\r\n\r\n",
                        "failure"),
                refused("NUL in value", "HTTP/1.1 200 OK\r\nX-A: a\u0000b\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("DEL in value", "HTTP/1.1 200 OK\r\nX-A: a\u007fb\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("bare CR in value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n", "failure"),
                refused("differing Content-Length lines",
                        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "failure"),
                refused("differing Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\nabcd",
                        "failure"),
                refused("non-digit length", "HTTP/1.1 200 OK\r\nContent-Length: 3x\r\n\r\nabc", "failure"),
                refused("negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "failure"),
                refused("signed length", "HTTP/1.1 200 OK\r\nContent-Length: +3\r\n\r\nabc", "failure"),
                refused("empty length", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", "failure"),
                refused("trailing comma in length", "HTTP/1.1 200 OK\r\nContent-Length: 3,\r\n\r\nabc", "failure"),
                refused("20-digit length", "HTTP/1.1 200 OK\r\nContent-Length: 10000000000000000000\r\n\r\n",
                        "failure"),
                refused("invalid length beside chunked",
                        "HTTP/1.1 200 OK\r\nContent-Length: abc\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "failure"),
                refused("bad chunk size", chunked + "zz\r\nab\r\n0\r\n\r\n", "200 failure"),
                refused("empty chunk size", chunked + "\r\n0\r\n\r\n", "200 failure"),
                refused("0x chunk size", chunked + "0x3\r\nabc\r\n0\r\n\r\n", "200 failure"),
                refused("negative chunk size", chunked + "-3\r\nabc\r\n0\r\n\r\n", "200 failure"),
                refused("16 hex digit chunk size", chunked + "0000000000000003\r\nabc\r\n0\r\n\r\n", "200 failure"),
                refused("control character in chunk extension", chunked + "3;a\u0001\r\nabc\r\n0\r\n\r\n",
                        "200 failure"),
                refused("chunk data longer than its size", chunked + "3\r\nabcd\r\n0\r\n\r\n", "200 body failure"),
                refused("CR then not LF after chunk data", chunked + "3\r\nabc\rX\n0\r\n\r\n", "200 body failure"),
                refused("space before colon in trailer", chunked + "0\r\nX-A : b\r\n\r\n", "200 failure"),
                refused("obs-fold in trailers", chunked + "0\r\nX-A: b\r\n c\r\n\r\n", "200 failure"));
    }

    private static Arguments refused(String what, String wire, String shape) {
        return Arguments.of(what, wire, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedResponses")
    void refusedResponseIsReportedOnceAndNothingFollows(String what, String wire, String expectedShape) {
        sent(GET, GET, GET);
        decoding();
        List<Object> out = harness.feed(wire + OK_2);
        assertEquals(expectedShape, shape(out));
        assertNotNull(((UpstreamResponseFailure) out.getLast()).reason());

        assertEquals("", shape(harness.feed(OK_2)), "nothing is read after a failure");
        assertEquals("", shape(harness.finish()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedResponses")
    void refusedResponseIsReportedOnceWhenBytesArriveOneAtATime(String what, String wire, String expectedShape) {
        sent(GET, GET, GET);
        decoding();
        List<Object> out = harness.feedBytewise(wire + OK_2);
        assertEquals(expectedShape, shape(out));
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(ints = {0x01, 0x0d, 0x00, 0x7f})
    void controlCharacterInTrailerValueIsRefused(int control) {
        sent(GET);
        decoding();
        List<Object> out = harness.feed(CHUNKED_HEAD + "0\r\nX-A: a" + (char) control + "b\r\n\r\n");
        assertEquals("200 failure", shape(out));
    }

    @Test
    void headOfExactlyTheLimitIsAcceptedAndOneByteMoreIsRefused() {
        sent(GET, GET);
        decoding();
        List<Object> out = harness.feed(headOfLength(MAX_HEAD));
        assertEquals("200 end", shape(out));

        out = harness.feed(headOfLength(MAX_HEAD + 1));
        assertEquals("failure", shape(out));
    }

    @Test
    void unfinishedHeadLongerThanTheLimitIsRefusedWithoutWaitingForItsEnd() {
        sent(GET);
        decoding();
        String head = headOfLength(MAX_HEAD + 10);
        List<Object> out = harness.feed(head.substring(0, MAX_HEAD + 1));   // no blank line yet
        assertEquals("failure", shape(out));
        assertEquals("", shape(harness.feed(head.substring(MAX_HEAD + 1) + OK_2)));
    }

    @Test
    void overlongChunkSizeLineIsRefused() {
        sent(GET);
        decoding();
        List<Object> out = harness.feed(CHUNKED_HEAD + "1;" + "e".repeat(5000));
        assertEquals("200 failure", shape(out));
    }

    @Test
    void trailersLongerThanTheLimitAreRefused() {
        sent(GET);
        decoding();
        List<Object> out = harness.feed(CHUNKED_HEAD + "0\r\nX-Big: " + "t".repeat(MAX_HEAD) + "\r\n\r\n");
        assertEquals("200 failure", shape(out));
    }

    // ================================================================ forClient

    @Nested
    class ForClient {

        @Test
        void eachHeadOfAConnectionIsWholeWhileHandledThoughTheParserRefillsOneHead() {
            // Longer than the kept buffer, shorter, longer than any kept one, then short again, with
            // a hop-by-hop line in different places: what the frontend writes at handling time.
            String[] heads = {
                "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(700) + "\r\nConnection: x\r\nX: 1\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 204 No Content\r\nKeep-Alive: timeout=5\r\nY: 2\r\n\r\n",
                "HTTP/1.1 201 Created\r\nX-Huge: " + "h".repeat(9000) + "\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTE: x\r\nZ: 3\r\nContent-Length: 0\r\n\r\n",
            };
            String[] expected = {
                "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(700) + "\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 204 No Content\r\nY: 2\r\n\r\n",
                "HTTP/1.1 201 Created\r\nX-Huge: " + "h".repeat(9000) + "\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\n",
                "HTTP/1.1 200 OK\r\nZ: 3\r\nContent-Length: 0\r\n\r\n",
            };
            List<String> written = new ArrayList<>();
            harness.open(new UpstreamResponseParser(methods, MAX_HEAD), new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof UpstreamResponseHead head) {
                        written.add(forClient(head, false));
                    }
                    ctx.fireChannelRead(msg);
                }
            });
            sent(GET, GET, GET, GET);
            List<Object> out = harness.feed(String.join("", heads));
            assertEquals(List.of(expected), written);
            assertEquals(List.of(200, 204, 201, 100, 200), heads(out).stream().map(UpstreamResponseHead::status).toList(),
                    "the heads kept (copied) past their handling");
        }

        @Test
        void http10StatusLineBecomesHttp11() {
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                    forClient(parseHead("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), false));
        }

        @Test
        void statusLineWithoutReasonIsKeptWithoutReason() {
            assertEquals("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
                    forClient(parseHead("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"), false));
        }

        @Test
        void hopByHopLinesAreDroppedOthersKeptInOrderByteForByte() {
            UpstreamResponseHead head = parseHead("HTTP/1.1 200 Fine\r\n"
                    + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                    + "connection: keep-alive\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "X-Custom:   Mixed Case value  \r\n"
                    + "PROXY-CONNECTION: keep-alive\r\n"
                    + "TE: trailers\r\n"
                    + "Upgrade: h2c\r\n"
                    + "SET-COOKIE: a=b\r\n"
                    + "Content-Length: 0\r\n"
                    + "set-cookie:c=d\r\n"
                    + "\r\n");
            assertEquals("HTTP/1.1 200 Fine\r\n"
                    + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                    + "X-Custom:   Mixed Case value  \r\n"
                    + "SET-COOKIE: a=b\r\n"
                    + "Content-Length: 0\r\n"
                    + "set-cookie:c=d\r\n"
                    + "\r\n", forClient(head, false));
        }

        @Test
        void transferEncodingLineIsReplacedByOneAtTheEnd() {
            UpstreamResponseHead head = parseHead(
                    "HTTP/1.1 200 OK\r\ntransfer-encoding:  gzip,  chunked\r\nX-A: 1\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n", forClient(head, false));
        }

        @Test
        void headersNamedByConnectionAreDropped() {
            UpstreamResponseHead head = parseHead("HTTP/1.1 200 OK\r\n"
                    + "Connection: keep-alive, X-Secret\r\n"
                    + "x-secret: hidden\r\n"
                    + "X-Public: shown\r\n"
                    + "Connection: x-other\r\n"
                    + "X-Other: gone\r\n"
                    + "X-SECRET: also hidden\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK\r\nX-Public: shown\r\nContent-Length: 0\r\n\r\n", forClient(head, false));
        }

        @Test
        void connectionCannotDropContentLength() {
            UpstreamResponseHead head = parseHead(
                    "HTTP/1.1 200 OK\r\nConnection: Content-Length\r\nContent-Length: 2\r\n\r\nok");
            assertEquals(2, head.contentLength());
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", forClient(head, false));
        }

        @Test
        void chunkedIsAddedForAChunked200() {
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
                    forClient(parseHead(CHUNKED_HEAD), false));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(ints = {204, 304})
        void chunkedIsNotAddedForAStatusWithoutBody(int status) {
            UpstreamResponseHead head = parseHead(
                    "HTTP/1.1 " + status + " X\r\nTransfer-Encoding: chunked\r\nETag: \"e\"\r\n\r\n");
            assertTrue(head.chunked());
            assertEquals("HTTP/1.1 " + status + " X\r\nETag: \"e\"\r\n\r\n", forClient(head, false));
        }

        @Test
        void connectionCloseIsAddedOnlyWhenAsked() {
            UpstreamResponseHead head = parseHead("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", forClient(head, false));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", forClient(head, true));
        }

        @Test
        void chunkedComesBeforeConnectionClose() {
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n", forClient(parseHead(CHUNKED_HEAD), true));
        }

        @Test
        void bareLfLinesComeOutCrlf() {
            assertEquals("HTTP/1.1 200 OK\r\nX-A: 1\r\nX-B: 2\r\nContent-Length: 0\r\n\r\n",
                    forClient(parseHead("HTTP/1.0 200 OK\nX-A: 1\r\nX-B: 2\nContent-Length: 0\n\n"), false));
        }

        @Test
        void moreThan64HeadersKeepTheirDroppedBits() {
            StringBuilder in = new StringBuilder("HTTP/1.1 200 OK\r\n");
            StringBuilder expected = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 140; i++) {
                String line = "X-H" + i + ": v" + i + "\r\n";
                in.append(line);
                if (i != 65 && i != 130) {
                    expected.append(line);
                }
                if (i == 70) {
                    in.append("Keep-Alive: timeout=5\r\n");
                }
                if (i == 135) {
                    in.append("Connection: x-h65, X-H130\r\n");
                }
            }
            in.append("Content-Length: 0\r\n\r\n");
            expected.append("Content-Length: 0\r\n\r\n");
            assertEquals(expected.toString(), forClient(parseHead(in.toString()), false));
        }

        @Test
        void headBytesAreNotConsumedSoItCanBeWrittenTwice() {
            UpstreamResponseHead head = parseHead("HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 0\r\n\r\n");
            assertEquals(forClient(head, false), forClient(head, false));
        }
    }

    // ================================================================ toHttpResponse and header

    @Nested
    class ToHttpResponse {

        @Test
        void statusVersionAndEveryHeaderWithTrimmedValues() {
            HttpResponse response = parseHead("HTTP/1.0 299 Everything Fine\r\n"
                    + "X-A:   one  \r\n"
                    + "Connection: keep-alive\r\n"
                    + "x-a:two\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "X-Empty:\r\n"
                    + "Content-Length: 0\r\n\r\n").toHttpResponse();

            assertEquals(299, response.status().code());
            assertEquals("Everything Fine", response.status().reasonPhrase());
            assertEquals(HttpVersion.HTTP_1_0, response.protocolVersion());
            HttpHeaders h = response.headers();
            assertEquals(List.of("one", "two"), h.getAll("X-A"));
            assertEquals("keep-alive", h.get("connection"));
            assertEquals("timeout=5", h.get("keep-alive"));
            assertEquals("", h.get("x-empty"));
            assertEquals("0", h.get("content-length"));
            assertEquals(6, h.size());
        }

        @Test
        void http11VersionIsKept() {
            assertEquals(HttpVersion.HTTP_1_1,
                    parseHead("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").toHttpResponse().protocolVersion());
        }

        @Test
        void missingReasonGetsTheStandardOne() {
            HttpResponse response = parseHead("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n").toHttpResponse();
            assertEquals(404, response.status().code());
            assertEquals("Not Found", response.status().reasonPhrase());
        }

        @Test
        void reasonWithSpacesAndHighBytesIsKept() {
            HttpResponse response = parseHead("HTTP/1.1 503 Service \u00e9 Unavailable\r\nContent-Length: 0\r\n\r\n")
                    .toHttpResponse();
            assertEquals("Service \u00e9 Unavailable", response.status().reasonPhrase());
        }
    }

    @Test
    void headerLookupIsCaseInsensitiveTrimmedAndReturnsTheFirst() {
        UpstreamResponseHead head = parseHead("HTTP/1.1 200 OK\r\n"
                + "Content-TYPE: \t text/html \t\r\n"
                + "X-Dup: first\r\n"
                + "x-dup: second\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals("text/html", head.header(AsciiString.of("content-type")));
        assertEquals("first", head.header(AsciiString.of("x-dup")));
        assertEquals("0", head.header(AsciiString.of("content-length")));
        assertNull(head.header(AsciiString.of("content")), "a prefix of a name is not the name");
        assertNull(head.header(AsciiString.of("x-missing")));
    }

    // ================================================================ fuzz

    private static final String[] CORPUS = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        CHUNKED_HEAD + CHUNKED_BODY,
        "HTTP/1.1 100 Continue\r\n\r\n" + OK_2,
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi",
        "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n" + OK_2,
        "HTTP/1.0 200 OK\r\nConnection: keep-alive, X-A\r\nX-A: 1\r\n\r\nuntil the close",
        "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\nContent-Length: 3, 3\n\nabc",
        "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "a;x=1\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
        "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    };
    private static final byte[] INTERESTING = bytes("\r\n :;,0aF\t\u0000\u007f\u00ff9-");

    @Test
    void randomAndMutatedResponsesNeverThrowAndOnlyEmitTheFourMessageTypes() {
        Random random = new Random(20240607);
        for (int i = 0; i < 2000; i++) {
            byte[] input = mutate(random);
            methods.clear();
            for (int m = random.nextInt(4); m > 0; m--) {
                methods.add(random.nextInt(4) == 0 ? HEAD : GET);
            }
            open(random.nextBoolean());
            harness.feedFuzzCase(i, input, random, UpstreamResponseParserTest::assertWellFormed);
            harness.close();
        }
    }

    private static byte[] mutate(Random random) {
        String base = CORPUS[random.nextInt(CORPUS.length)];
        if (random.nextInt(4) == 0) {
            base += CORPUS[random.nextInt(CORPUS.length)];
        }
        if (random.nextInt(20) == 0) {
            return Mutations.noise(random, 200);
        }
        return Mutations.edit(bytes(base), random, random.nextInt(5), INTERESTING);
    }

    private static void assertWellFormed(List<Object> out, String context) {
        int heads = 0;
        int ends = 0;
        for (int i = 0; i < out.size(); i++) {
            Object o = out.get(i);
            switch (o) {
                case UpstreamResponseHead h -> heads++;
                case UpstreamResponseEnd e -> ends++;
                case ByteBuf b -> assertTrue(heads > 0, "a body before any head, " + context);
                case UpstreamResponseFailure f -> assertEquals(out.size() - 1, i, "output after a failure, " + context);
                default -> fail("unexpected " + o.getClass() + ", " + context);
            }
        }
        assertTrue(ends <= heads, "more ends than heads, " + context);
    }

    // ================================================================ channel helpers

    private void sent(HttpMethod... sent) {
        methods.addAll(List.of(sent));
    }

    private void decoding() {
        open(false);
    }

    private void passingThrough() {
        open(true);
    }

    private void open(boolean passThrough) {
        UpstreamResponseParser parser = new UpstreamResponseParser(methods, MAX_HEAD);
        if (passThrough) {
            harness.open(parser, new PassThroughEveryHead());
        } else {
            harness.open(parser);
        }
    }

    /** The head of {@code wire}, one complete head (and maybe a body), parsed as the response to a GET. */
    private UpstreamResponseHead parseHead(String wire) {
        sent(GET);
        decoding();
        return heads(harness.feed(wire)).getFirst();
    }

    private String forClient(UpstreamResponseHead head, boolean close) {
        return DecoderHarness.readAndRelease(head.forClient(harness.alloc(), close));
    }

    /** Calls {@link UpstreamResponseHead#passThrough()} on every head, as the frontend's byte path does. */
    private static final class PassThroughEveryHead extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof UpstreamResponseHead head) {
                head.passThrough();
            }
            ctx.fireChannelRead(msg);
        }
    }

    // ================================================================ output helpers

    /** The outputs as words: a head's status, "body" (consecutive bodies as one), "end", "failure". */
    private static String shape(List<Object> out) {
        List<String> words = new ArrayList<>();
        for (Object o : out) {
            String w = switch (o) {
                case UpstreamResponseHead h -> String.valueOf(h.status());
                case ByteBuf b -> "body";
                case UpstreamResponseEnd e -> "end";
                case UpstreamResponseFailure f -> "failure";
                default -> o.getClass().getSimpleName();
            };
            if (!(w.equals("body") && !words.isEmpty() && words.getLast().equals("body"))) {
                words.add(w);
            }
        }
        return String.join(" ", words);
    }

    private static List<UpstreamResponseHead> heads(List<Object> out) {
        return out.stream().filter(UpstreamResponseHead.class::isInstance).map(UpstreamResponseHead.class::cast)
                .toList();
    }

    private static List<UpstreamResponseEnd> ends(List<Object> out) {
        return out.stream().filter(UpstreamResponseEnd.class::isInstance).map(UpstreamResponseEnd.class::cast)
                .toList();
    }

    private static UpstreamResponseHead onlyHead(List<Object> out) {
        List<UpstreamResponseHead> heads = heads(out);
        assertEquals(1, heads.size(), shape(out));
        return heads.getFirst();
    }

    private static UpstreamResponseEnd onlyEnd(List<Object> out) {
        List<UpstreamResponseEnd> ends = ends(out);
        assertEquals(1, ends.size(), shape(out));
        return ends.getFirst();
    }

    /** Every body byte in {@code out}, in order. */
    private static String body(List<Object> out) {
        return out.stream().filter(ByteBuf.class::isInstance).map(b -> ((ByteBuf) b).toString(StandardCharsets.ISO_8859_1))
                .collect(Collectors.joining());
    }

    /** The body of each response that ended, in order. */
    private static List<String> bodies(List<Object> out) {
        return DecoderHarness.bodies(out, UpstreamResponseEnd.class);
    }

    private static void assertTrailers(Map<String, String> expected, HttpHeaders trailers) {
        assertNotNull(trailers);
        assertEquals(expected.size(), trailers.size(), trailers.toString());
        expected.forEach((name, value) -> assertEquals(value, trailers.get(name), name));
    }

    // ================================================================ byte helpers

    /** A complete response head of exactly {@code length} bytes (a padded header makes up the size). */
    private static String headOfLength(int length) {
        String start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: ";
        String end = "\r\n\r\n";
        return start + "p".repeat(length - start.length() - end.length()) + end;
    }
}
