package io.edgeplane.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.Main;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command of SPEC §4 exists and has help. */
class CommandsTest {

    private static final List<String> ALL = List.of("run", "demo", "check", "reload", "status", "overlay",
            "overlay keygen", "overlay pubkey", "overlay attach", "overlay detach", "overlay status");

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "check", "reload", "status", "overlay", "overlay keygen",
            "overlay pubkey", "overlay genpsk", "overlay attach", "overlay detach", "overlay status"})
    void everyCommandHasHelp(String command) {
        Captured run = Captured.run((command + " --help").split(" "));
        assertEquals(ExitStatus.OK, run.status, run.err);
        assertTrue(run.out.startsWith("Usage: edge " + command), run.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionIsPrinted(String option) {
        Captured run = Captured.run(option);
        assertEquals(ExitStatus.OK, run.status);
        assertTrue(run.out.startsWith("edge 0."), run.out);
    }

    @org.junit.jupiter.api.Test
    void listsEveryCommandInItsHelp() {
        Captured run = Captured.run("--help");
        for (String command : ALL) {
            if (!command.contains(" ")) {
                assertTrue(run.out.contains("  " + command + " "), command + " in\n" + run.out);
            }
        }
    }

    /** The output of one in-process run. */
    private record Captured(int status, String out, String err) {

        static Captured run(String... args) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int status = Main.commandLine().setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err))
                    .execute(args);
            return new Captured(status, out.toString(), err.toString());
        }
    }
}
