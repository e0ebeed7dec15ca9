package io.edgeplane.edge.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code $ command} line of a {@code console} block and the output printed under it. Lines of
 * output may hold {@code ...}, which stands for any text (a fresh key, say).
 */
record ConsoleCommand(String command, List<String> output) {

    /** Commands that run offline with nothing but the page's files: they are run; others are only shown. */
    private static final Pattern RUNNABLE = Pattern.compile("^(echo [^|]+\\| )?edge (check|overlay (keygen|pubkey|genpsk))\\b.*");

    static List<ConsoleCommand> of(DocBlock block) {
        List<ConsoleCommand> commands = new ArrayList<>();
        String command = null;
        List<String> output = new ArrayList<>();
        for (String line : block.lines()) {
            if (line.startsWith("$ ")) {
                if (command != null) {
                    commands.add(new ConsoleCommand(command, List.copyOf(output)));
                }
                command = line.substring(2).strip();
                output.clear();
            } else if (command != null) {
                output.add(line);
            }
        }
        if (command != null) {
            commands.add(new ConsoleCommand(command, List.copyOf(output)));
        }
        return commands;
    }

    boolean runnable() {
        return RUNNABLE.matcher(command).matches();
    }

    /** Whether {@code printed} (the command's stdout and stderr) is the output shown, line for line. */
    boolean shows(List<String> printed) {
        if (printed.size() != output.size()) {
            return false;
        }
        for (int i = 0; i < output.size(); i++) {
            String glob = "\\Q" + output.get(i).replace("...", "\\E.*\\Q") + "\\E";
            if (!printed.get(i).matches(glob)) {
                return false;
            }
        }
        return true;
    }
}
