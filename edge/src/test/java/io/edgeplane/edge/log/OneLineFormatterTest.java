package io.edgeplane.edge.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {

    private final OneLineFormatter formatter = new OneLineFormatter();

    @Test
    void oneLineWithTimeLevelPartAndMessage() {
        LogRecord record = new LogRecord(Level.INFO, "revision 3: service api added");
        record.setLoggerName("registry");
        record.setInstant(Instant.parse("2026-11-26T10:00:00.123Z"));

        assertEquals("2026-11-26T10:00:00Z INFO  registry: revision 3: service api added" + System.lineSeparator(),
                formatter.format(record));
    }

    @Test
    void levelsUseTheNamesOperatorsKnow() {
        assertEquals("ERROR", OneLineFormatter.label(Level.SEVERE));
        assertEquals("WARN ", OneLineFormatter.label(Level.WARNING));
        assertEquals("DEBUG", OneLineFormatter.label(Level.FINE));
        assertEquals("TRACE", OneLineFormatter.label(Level.FINEST));
    }

    @Test
    void stackTraceFollowsOnItsOwnLines() {
        LogRecord record = new LogRecord(Level.SEVERE, "proxy failed on revision 4");
        record.setLoggerName("registry");
        record.setThrown(new IllegalStateException("boom"));

        String[] lines = formatter.format(record).split(System.lineSeparator());
        assertTrue(lines[0].endsWith("ERROR registry: proxy failed on revision 4"), lines[0]);
        assertEquals("java.lang.IllegalStateException: boom", lines[1]);
    }
}
