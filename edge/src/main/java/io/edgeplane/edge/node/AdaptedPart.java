package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Config;
import java.util.function.Consumer;

/**
 * A part of another module (proxy, DNS, overlay) seen as a {@link NodePart}: those modules do not
 * depend on {@code edge}, so each offers {@code apply(Config)} and {@code close()} and is adapted here.
 */
record AdaptedPart(String name, Consumer<Config> applier, AutoCloseable closer) implements NodePart {

    @Override
    public void apply(Config config) {
        applier.accept(config);
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            System.getLogger("node").log(System.Logger.Level.WARNING, name + ": error while stopping: " + e);
        }
    }
}
