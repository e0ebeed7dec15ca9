package io.edgeplane.edge.demo;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A line of the demo's guide, {@code   command  # answer}, read back the way a user reads it. */
record PrintedLine(String command, String answer) {

    private static final Pattern LINE = Pattern.compile("^  ((?:curl|dig|echo) .*?)\\s+# (.*)$");

    static Optional<PrintedLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        return m.matches() ? Optional.of(new PrintedLine(m.group(1), m.group(2))) : Optional.empty();
    }

    String tool() {
        return command.startsWith("echo ") ? "nc" : command.substring(0, command.indexOf(' '));
    }

    /** The answer without a closing remark in parentheses. */
    private String bare() {
        return answer.replaceFirst("\\s*\\(.*\\)$", "");
    }

    /** curl and nc: each answer that may come back ({@code a, b or c}). */
    List<String> alternatives() {
        return Arrays.stream(bare().split(", | or ")).map(String::strip).toList();
    }

    /** dig: the addresses, in any order. */
    Set<String> addresses() {
        return new HashSet<>(Arrays.asList(bare().split("\\s+")));
    }

    /** Whether {@code output} (what the command printed) is the answer this line promises. */
    boolean answeredBy(String output) {
        if (tool().equals("dig")) {
            return new HashSet<>(output.strip().lines().toList()).equals(addresses());
        }
        return alternatives().contains(output.strip());
    }
}
