package io.edgeplane.dns.answer;

import io.edgeplane.conf.model.Container;

/**
 * Whether a container may be answered with. The deploy issue supplies the real one (health
 * checks); until then a container is ready as soon as it has an address.
 */
@FunctionalInterface
public interface Readiness {

    Readiness ADDRESSED = c -> c.address() != null;

    boolean ready(Container container);
}
