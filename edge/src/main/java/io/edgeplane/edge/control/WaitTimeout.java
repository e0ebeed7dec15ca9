package io.edgeplane.edge.control;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code timeout=} of a long-poll: {@code 500ms}, {@code 30s}, {@code 5m}, or plain seconds. */
final class WaitTimeout {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private WaitTimeout() {
    }

    /** The duration, cut to {@code max}; null when the text is not a duration. */
    static Duration parse(String text, Duration max) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        return d.compareTo(max) > 0 ? max : d;
    }
}
