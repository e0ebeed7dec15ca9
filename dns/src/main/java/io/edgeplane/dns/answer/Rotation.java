package io.edgeplane.dns.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A round-robin position for one name: each answer starts one further along the list. */
final class Rotation {

    private final AtomicInteger next = new AtomicInteger();

    <T> List<T> rotate(List<T> items) {
        int n = items.size();
        if (n < 2) {
            return items;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        List<T> out = new ArrayList<>(n);
        out.addAll(items.subList(start, n));
        out.addAll(items.subList(0, start));
        return out;
    }
}
