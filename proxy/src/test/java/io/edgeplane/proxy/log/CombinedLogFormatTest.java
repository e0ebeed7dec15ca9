package io.edgeplane.proxy.log;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CombinedLogFormatTest {

    private final CombinedLogFormat format = new CombinedLogFormat(ZoneOffset.UTC);
    private final long when = ZonedDateTime.of(2026, 11, 26, 10, 53, 7, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

    private String line(AccessLogEntry e) {
        StringBuilder b = new StringBuilder();
        format.format(e, b);
        return b.toString();
    }

    @Test
    void nginxCombinedPlusUpstreamAndTimes() {
        assertEquals("10.0.0.9 - - [26/Nov/2026:10:53:07 +0000] \"GET /a?b=1 HTTP/1.1\" 200 512 \"https://ref/\""
                        + " \"curl/8.5\" \"10.32.1.5:3000\" 0.012 0.009",
                line(new AccessLogEntry("10.0.0.9", when, "GET", "/a?b=1", "HTTP/1.1", 200, 512, "https://ref/",
                        "curl/8.5", "10.32.1.5:3000", 12_300_000, 9_000_000)));
    }

    @Test
    void absentValuesAreDashes() {
        assertEquals("10.0.0.9 - - [26/Nov/2026:10:53:07 +0000] \"GET / HTTP/1.1\" 404 14 \"-\" \"-\" \"-\" 1.500 -",
                line(new AccessLogEntry("10.0.0.9", when, "GET", "/", "HTTP/1.1", 404, 14, null, null, null,
                        1_500_000_000L, -1)));
    }

    @Test
    void requestThatNeverParsedHasAnEmptyRequestField() {
        assertEquals("10.0.0.9 - - [26/Nov/2026:10:53:07 +0000] \"\" 400 16 \"-\" \"-\" \"-\" 0.000 -",
                line(new AccessLogEntry("10.0.0.9", when, null, null, null, 400, 16, null, null, null, 0, -1)));
    }

    @Test
    void quotesAndControlCharactersCannotForgeFields() {
        String l = line(new AccessLogEntry("1.2.3.4", when, "GET", "/\"x", "HTTP/1.1", 200, 0, null,
                "evil\" 200 \"\n", null, 0, -1));
        assertEquals("1.2.3.4 - - [26/Nov/2026:10:53:07 +0000] \"GET /\\x22x HTTP/1.1\" 200 0 \"-\""
                + " \"evil\\x22 200 \\x22\\x0a\" \"-\" 0.000 -", l);
    }
}
