package io.edgeplane.edge.control;

import io.edgeplane.conf.Location;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.yaml.InventoryParser;
import io.edgeplane.conf.yaml.NodeReader;
import io.edgeplane.conf.yaml.SourceMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/containers}: one container as JSON or YAML, with the keys of an
 * inventory.yml container. It is read by inventory.yml's own parser, so its problems use the
 * same words as {@code edge check}; they are located in the body ({@code container:2:10}) and
 * name the directive {@code container.version} rather than {@code containers[0].version}.
 */
final class ContainerBody {

    static final String NAME = "container";

    /** The container, or null with the problems that rule it out. */
    record Parsed(Container container, List<Problem> problems) {
    }

    private ContainerBody() {
    }

    static Parsed parse(String body) {
        if (body.isBlank()) {
            return new Parsed(null, List.of(Problem.error(Location.unknown(NAME), NAME, null, "is missing (empty body)",
                    "one container, e.g. {\"id\": \"web-8-a\", \"service\": \"web\", \"version\": 8, \"server\": \"web-1\"}")));
        }
        // Every body line gets a two-character prefix ("- " then "  ") under "containers:", so a
        // position maps back by one line up and two columns left, for JSON and YAML alike.
        StringBuilder wrapped = new StringBuilder("containers:\n");
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            wrapped.append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
        }
        List<Problem> problems = new ArrayList<>();
        Inventory inventory = new InventoryParser(new NodeReader(NAME, problems, SourceMap.empty()))
                .parse(wrapped.toString());
        List<Problem> located = problems.stream().map(ContainerBody::unwrap).toList();
        if (located.stream().anyMatch(Problem::isError)) {
            return new Parsed(null, located);
        }
        if (inventory.containers().size() != 1) {
            return new Parsed(null, List.of(Problem.error(Location.unknown(NAME), NAME, null,
                    "holds " + inventory.containers().size() + " containers", "exactly one container")));
        }
        return new Parsed(inventory.containers().getFirst(), located);
    }

    private static Problem unwrap(Problem p) {
        Location at = p.location();
        Location body = at.isKnown() ? new Location(NAME, Math.max(1, at.line() - 1), Math.max(1, at.column() - 2))
                : Location.unknown(NAME);
        String directive = p.directive().startsWith("containers[0]")
                ? NAME + p.directive().substring("containers[0]".length()) : p.directive();
        return new Problem(p.severity(), body, directive, p.value(), p.message(), p.valid());
    }
}
