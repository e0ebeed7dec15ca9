package io.edgeplane.edge.docs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced code block of a docs page: its info string ({@code yaml title="service.yml"}), its
 * lines and where it starts, for messages that point at the page.
 */
record DocBlock(String page, int line, String info, List<String> lines) {

    private static final Pattern TITLE = Pattern.compile("title=\"([^\"]+)\"");
    private static final Pattern COMMENT_NAME = Pattern.compile("^#\\s*(edge\\.yml|service\\.yml|inventory\\.yml)\\b.*");

    boolean yaml() {
        return info.startsWith("yaml");
    }

    boolean console() {
        return info.startsWith("console");
    }

    /** {@code invalid} in the info string: an example of a mistake, which must be reported. */
    boolean invalid() {
        return info.matches(".*\\binvalid\\b.*");
    }

    /** The file it shows: {@code title="..."}, else a first-line comment naming it; null when neither. */
    String file() {
        Matcher m = TITLE.matcher(info);
        if (m.find()) {
            return m.group(1);
        }
        Matcher c = lines.isEmpty() ? null : COMMENT_NAME.matcher(lines.getFirst());
        return c != null && c.matches() ? c.group(1) : null;
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    String where() {
        return page + ":" + line;
    }
}
