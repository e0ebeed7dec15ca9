package io.edgeplane.edge.demo;

/**
 * One command of the guide and the answer it gives, printed as {@code command  # answer} so
 * that the line can be pasted into a shell whole. Alternatives are written
 * {@code a, b or c}; a DNS answer lists every address; a parenthesis ends the answer with a remark.
 */
record GuideLine(String command, String answer) {

    private static final int COLUMN = 56;

    String format() {
        String padded = command.length() >= COLUMN ? command + " " : command + " ".repeat(COLUMN - command.length());
        return "  " + padded + "# " + answer;
    }
}
