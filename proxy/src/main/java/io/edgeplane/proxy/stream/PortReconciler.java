package io.edgeplane.proxy.stream;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * The port diff TCP and UDP listeners both run on each table. They differ only in what dropping and
 * adding a port mean (TCP closes, UDP lets the socket linger and may resume it), so those stay with
 * them and the diff, with its order of drops before adds, lives here once.
 */
public final class PortReconciler {

    private PortReconciler() {
    }

    /**
     * Drops every port in {@code open} that {@code wanted} lacks, removing it from {@code open} after
     * {@code drop} ran, then calls {@code add} for every wanted port not open, in {@code wanted}'s order.
     * {@code add} puts the port into {@code open} itself, since a port that fails to bind stays out.
     */
    public static <L> void reconcile(Map<Integer, L> open, Set<Integer> wanted, BiConsumer<Integer, L> drop,
                                     IntConsumer add) {
        Iterator<Map.Entry<Integer, L>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, L> e = it.next();
            if (!wanted.contains(e.getKey())) {
                drop.accept(e.getKey(), e.getValue());
                it.remove();
            }
        }
        for (int port : wanted) {
            if (!open.containsKey(port)) {
                add.accept(port);
            }
        }
    }
}
