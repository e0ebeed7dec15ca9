package io.edgeplane.conf;

import io.edgeplane.conf.model.Config;
import java.util.List;

/**
 * The result of reading a configuration: the model (usable only when {@link #ok()}) and every
 * problem found, errors and warnings, in file order.
 */
public record Loaded(Config config, List<Problem> problems) {

    public Loaded {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.stream().noneMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
