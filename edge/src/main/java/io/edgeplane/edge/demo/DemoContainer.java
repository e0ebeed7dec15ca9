package io.edgeplane.edge.demo;

/**
 * A container of the demo: a small server in this JVM on its own loopback address. Its
 * container port is published on an ephemeral host port of that address, as Docker would do.
 */
sealed interface DemoContainer extends AutoCloseable permits HttpContainer, EchoContainer {

    ContainerSpec spec();

    /** The host port its container port is published on. */
    int publishedPort();

    /** Requests or connections being served now. */
    int inFlight();

    /** Stops listening and drops whatever is still open. */
    @Override
    void close();

    static DemoContainer start(ContainerSpec spec, int slowSeconds) throws java.io.IOException {
        return switch (spec.service().kind()) {
            case HTTP -> HttpContainer.start(spec, slowSeconds);
            case TCP_ECHO -> EchoContainer.start(spec);
        };
    }

    /** Its line of inventory.yml, also the body the control API takes to add it. */
    default String inventoryEntry(String server) {
        ContainerSpec s = spec();
        return "{id: " + s.id() + ", service: " + s.service().name() + ", version: " + s.version() + ", server: " + server
                + ", address: " + s.address() + ", published: {" + s.service().containerPort() + ": " + publishedPort() + "}}";
    }
}
