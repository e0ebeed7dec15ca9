package io.edgeplane.proxy.route;

import io.edgeplane.conf.model.ServerName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Chooses the target for a host name on one port with nginx {@code server_name} precedence:
 * exact name, longest leading wildcard, longest trailing wildcard, first regex in file order,
 * the {@code _} catch-all, then the lone target that declared no names (only when exactly one
 * did); otherwise none.
 *
 * <p>A dotted name {@code .example.com} counts as exact for {@code example.com} and as the
 * leading wildcard {@code *.example.com} for names below it, as in nginx. When two targets
 * claim the same name the first (file order) keeps it; configuration validation reports that
 * as an error before a table is ever built, so this is only a defined fallback.
 *
 * <p>Wildcards are hashed by their stem, like nginx's wildcard hashes: a host is looked up once
 * per label (longest suffix or prefix first), so the cost grows with the labels of the name,
 * not with the number of names on the port. The exact stage allocates nothing; each wildcard
 * lookup takes one substring, and the regex stage what {@link java.util.regex.Matcher} needs.
 *
 * @param <T> what a host name resolves to (a service route in the proxy)
 */
public final class HostMatcher<T> {

    private final Map<String, T> exact;
    private final Map<String, T> leading;     // ".example.com"
    private final Map<String, T> trailing;    // "www.example."
    private final Pattern[] regexes;          // file order
    private final Object[] regexTargets;
    private final T catchAll;
    private final T unnamed;

    private HostMatcher(Builder<T> b) {
        this.exact = Map.copyOf(b.exact);
        this.leading = byStem(b.leading);
        this.trailing = byStem(b.trailing);
        this.regexes = b.regexes.stream().map(Regex::pattern).toArray(Pattern[]::new);
        this.regexTargets = b.regexes.stream().map(Regex::target).toArray();
        this.catchAll = b.catchAll;
        this.unnamed = b.unnamed.size() == 1 ? b.unnamed.getFirst() : null;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * The target for a host name already in {@link ServerName#normalise normal form}, or null
     * when nothing on this port claims it (the caller answers 404).
     */
    @SuppressWarnings("unchecked")
    public T match(String host) {
        T found = exact.get(host);
        if (found != null) {
            return found;
        }
        if (!leading.isEmpty()) {
            // ".b.example.com", then ".example.com", then ".com": the longest stem wins
            for (int dot = host.indexOf('.', 1); dot > 0; dot = host.indexOf('.', dot + 1)) {
                found = leading.get(host.substring(dot));
                if (found != null) {
                    return found;
                }
            }
        }
        if (!trailing.isEmpty()) {
            for (int dot = host.lastIndexOf('.', host.length() - 2); dot > 0; dot = host.lastIndexOf('.', dot - 1)) {
                found = trailing.get(host.substring(0, dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        for (int i = 0; i < regexes.length; i++) {
            if (regexes[i].matcher(host).find()) {
                return (T) regexTargets[i];
            }
        }
        return catchAll != null ? catchAll : unnamed;
    }

    private static <T> Map<String, T> byStem(List<Named<T>> names) {
        Map<String, T> map = new HashMap<>();
        for (Named<T> n : names) {
            map.putIfAbsent(n.stem(), n.target()); // the first declared keeps a stem
        }
        return Map.copyOf(map);
    }

    private record Named<T>(String stem, T target) {
    }

    private record Regex<T>(Pattern pattern, T target) {
    }

    /** Collects targets in file order; {@link #build()} freezes them. Not thread-safe. */
    public static final class Builder<T> {
        private final Map<String, T> exact = new HashMap<>();
        private final List<Named<T>> leading = new ArrayList<>();
        private final List<Named<T>> trailing = new ArrayList<>();
        private final List<Regex<T>> regexes = new ArrayList<>();
        private final List<T> unnamed = new ArrayList<>();
        private final java.util.Set<String> leadingSeen = new java.util.HashSet<>();
        private final java.util.Set<String> trailingSeen = new java.util.HashSet<>();
        private T catchAll;

        private Builder() {
        }

        /** Adds a target with its {@code traffic_matches}; an empty list makes it an unnamed target. */
        public Builder<T> add(T target, List<ServerName> names) {
            if (names.isEmpty()) {
                unnamed.add(target);
                return this;
            }
            for (ServerName name : names) {
                switch (name.kind()) {
                    case EXACT -> exact.putIfAbsent(name.stem(), target);
                    case LEADING_WILDCARD -> addLeading(name.stem(), target);
                    case DOTTED -> {
                        exact.putIfAbsent(name.stem().substring(1), target);
                        addLeading(name.stem(), target);
                    }
                    case TRAILING_WILDCARD -> {
                        if (trailingSeen.add(name.stem())) {
                            trailing.add(new Named<>(name.stem(), target));
                        }
                    }
                    case REGEX -> regexes.add(new Regex<>(name.pattern(), target));
                    case CATCH_ALL -> {
                        if (catchAll == null) {
                            catchAll = target;
                        }
                    }
                }
            }
            return this;
        }

        private void addLeading(String stem, T target) {
            if (leadingSeen.add(stem)) {
                leading.add(new Named<>(stem, target));
            }
        }

        public HostMatcher<T> build() {
            return new HostMatcher<>(this);
        }
    }
}
