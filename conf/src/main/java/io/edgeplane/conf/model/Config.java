package io.edgeplane.conf.model;

/**
 * The whole configuration a node works from: the application's services and inventory (shared
 * by every server, kept by the registry) and this server's own settings.
 */
public record Config(Settings settings, Services services, Inventory inventory) {

    public static Config empty() {
        return new Config(Settings.defaults(), Services.EMPTY, Inventory.EMPTY);
    }
}
