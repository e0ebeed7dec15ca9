package io.edgeplane.conf.check;

import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.yaml.SourceMap;
import java.util.ArrayList;
import java.util.List;

/** Runs every cross-check over a whole configuration and returns what they found. */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    public static List<Problem> validate(Config config, SourceMap sources) {
        List<Problem> problems = new ArrayList<>();
        new PortClaimsCheck(config.services(), sources, problems).run();
        new InventoryCheck(config, sources, problems).run();
        return problems;
    }
}
