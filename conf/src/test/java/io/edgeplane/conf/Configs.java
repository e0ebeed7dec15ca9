package io.edgeplane.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

/** Test helper: parses configuration texts under the usual file names. */
final class Configs {

    private Configs() {
    }

    static Loaded parse(String services, String inventory, String edge) {
        return ConfigLoader.parse("edge.yml", edge, Path.of("/etc/edge"), "service.yml", services, "inventory.yml",
                inventory == null ? "" : inventory);
    }

    static Loaded services(String services) {
        return parse(services, "", null);
    }

    static Loaded inventory(String services, String inventory) {
        return parse(services, inventory, null);
    }

    /** Asserts exactly one error, at the given file and line, whose text contains each fragment. */
    static Problem onlyError(Loaded loaded, String file, int line, String... fragments) {
        List<Problem> errors = loaded.errors();
        assertEquals(1, errors.size(), () -> "expected one error, got:\n" + format(errors));
        Problem p = errors.getFirst();
        assertEquals(file, p.location().file(), p::format);
        assertEquals(line, p.location().line(), p::format);
        for (String f : fragments) {
            assertTrue(p.format().contains(f), () -> "'" + f + "' not in: " + p.format());
        }
        return p;
    }

    static String format(List<Problem> problems) {
        return String.join("\n", problems.stream().map(Problem::format).toList());
    }
}
