package io.edgeplane.edge.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * {@code 2026-11-26T10:00:00Z INFO  registry: revision 3: service api added}: UTC time, level,
 * the logger's name as the part that speaks, the message. A stack trace, when there is one,
 * follows on its own lines.
 */
public final class OneLineFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(record.getInstant().truncatedTo(ChronoUnit.SECONDS))
                .append(' ').append(label(record.getLevel()))
                .append(' ').append(record.getLoggerName())
                .append(": ").append(formatMessage(record))
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** Names operators know from other servers, padded so messages line up. */
    static String label(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (v >= Level.WARNING.intValue()) {
            return "WARN ";
        } else if (v >= Level.INFO.intValue()) {
            return "INFO ";
        } else if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }
}
