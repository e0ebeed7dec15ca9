package io.edgeplane.conf;

import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;

/**
 * Writes the shared part of a configuration back as service.yml and inventory.yml text that
 * {@link ConfigLoader} reads into equal records (the registry's state file and the API use it).
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    public static String services(Services services) {
        throw new UnsupportedOperationException("being written");
    }

    public static String inventory(Inventory inventory) {
        throw new UnsupportedOperationException("being written");
    }
}
