package io.edgeplane.edge.control;

import java.util.List;

/**
 * What came of re-reading the files: {@code result} is {@code applied}, {@code unchanged} or
 * {@code rejected}; {@code problems} are the lines {@code edge check} would print.
 */
public record ReloadOutcome(String result, long revision, List<String> problems, String message) {

    public ReloadOutcome {
        problems = List.copyOf(problems);
    }

    public boolean rejected() {
        return "rejected".equals(result);
    }
}
