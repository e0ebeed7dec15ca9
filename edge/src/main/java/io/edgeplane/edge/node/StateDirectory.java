package io.edgeplane.edge.node;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.model.Settings;
import java.nio.file.Path;

/**
 * Where the registry keeps its state: {@code control.state_dir}, else {@code state/} beside
 * edge.yml (or beside service.yml without one), so a checkout or a demo directory is
 * self-contained. An installed node sets {@code state_dir: /var/lib/edge} in its edge.yml.
 */
final class StateDirectory {

    static final String DEFAULT_NAME = "state";

    private StateDirectory() {
    }

    static Path of(Settings settings, ConfigFiles files) {
        if (settings.control().stateDir() != null) {
            return settings.control().stateDir();
        }
        Path anchor = files.edge() != null ? files.edge() : files.services();
        return anchor.toAbsolutePath().getParent().resolve(DEFAULT_NAME);
    }
}
