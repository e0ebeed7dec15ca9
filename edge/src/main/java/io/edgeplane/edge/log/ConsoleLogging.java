package io.edgeplane.edge.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes every log record of the process to stderr through {@link OneLineFormatter}. */
public final class ConsoleLogging {

    private ConsoleLogging() {
    }

    /**
     * Replaces the root logger's handlers. {@code EDGE_LOG_LEVEL} ({@code error}, {@code warn},
     * {@code info}, {@code debug}, {@code trace}) sets the threshold; the default is info.
     */
    public static void install() {
        Level level = level(System.getenv("EDGE_LOG_LEVEL"));
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setFormatter(new OneLineFormatter());
        stderr.setLevel(level);
        root.addHandler(stderr);
        root.setLevel(level);
    }

    private static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> Level.INFO;
        };
    }
}
