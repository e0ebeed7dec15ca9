package io.edgeplane.dns.answer;

import io.edgeplane.conf.model.Container;
import java.util.List;

/** {@code closest}: the containers on the caller's own server, or all of them when none is there. */
final class ClosestChooser {

    private ClosestChooser() {
    }

    static List<Container> choose(List<Container> containers, Container caller) {
        if (caller == null || caller.server() == null) {
            return containers;
        }
        List<Container> local = containers.stream().filter(c -> caller.server().equals(c.server())).toList();
        return local.isEmpty() ? containers : local;
    }
}
