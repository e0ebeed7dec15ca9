package io.edgeplane.dns.answer;

import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.DnsBehaviour;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Picks the version of a target service a caller is answered with. The versions given are
 * only those with a ready container, so "current" is the highest ready version.
 */
final class VersionChooser {

    private VersionChooser() {
    }

    /**
     * A versioned target gives a caller of version v its newest version not newer than v, so
     * an old web keeps talking to the old api during a deploy. A caller older than every
     * version left gets the current one: nothing older exists to keep it on.
     */
    static List<Container> choose(NavigableMap<Integer, List<Container>> readyByVersion, DnsBehaviour behaviour,
                                  Container caller) {
        if (readyByVersion.isEmpty()) {
            return List.of();
        }
        if (behaviour == DnsBehaviour.VERSIONED && caller != null) {
            Map.Entry<Integer, List<Container>> floor = readyByVersion.floorEntry(caller.version());
            if (floor != null) {
                return floor.getValue();
            }
        }
        return readyByVersion.lastEntry().getValue();
    }
}
