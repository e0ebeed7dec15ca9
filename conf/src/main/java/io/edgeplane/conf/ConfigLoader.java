package io.edgeplane.conf;

import io.edgeplane.conf.model.Config;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and validates a whole configuration. Never throws on bad input: every problem, in every
 * file, comes back in {@link Loaded#problems()}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Reads the files (a missing service.yml or inventory.yml is an error naming it). */
    public static Loaded load(ConfigFiles files) {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * Parses configuration texts; the names are used in problem locations. {@code edgeYaml} may
     * be null for all defaults; relative paths in it resolve against {@code baseDir}.
     */
    public static Loaded parse(String edgeName, String edgeYaml, Path baseDir, String servicesName,
                               String servicesYaml, String inventoryName, String inventoryYaml) {
        throw new UnsupportedOperationException("being written");
    }

    /** Cross-checks an already built configuration (for changes made through the API). */
    public static List<Problem> validate(Config config) {
        throw new UnsupportedOperationException("being written");
    }
}
