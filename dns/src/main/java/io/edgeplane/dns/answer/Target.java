package io.edgeplane.dns.answer;

import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.DnsBehaviour;
import io.edgeplane.conf.model.LoadBalancing;
import java.net.InetAddress;
import java.util.List;
import java.util.NavigableMap;

/** What a name in the zone stands for, compiled from one snapshot. */
sealed interface Target {

    /**
     * A service: its ready containers by version and how to choose among them.
     * {@code dependsOnCaller} is worked out once per snapshot: it is true when two callers
     * could be told different things, which is what the ECS scope reports.
     */
    record ServiceTarget(String name, DnsBehaviour behaviour, LoadBalancing loadBalancing,
                         NavigableMap<Integer, List<Container>> readyByVersion, boolean dependsOnCaller,
                         Rotation rotation) implements Target {
    }

    /** A database group (or a database's default group): fixed server addresses. */
    record DatabaseTarget(List<InetAddress> servers, Rotation rotation) implements Target {
    }
}
