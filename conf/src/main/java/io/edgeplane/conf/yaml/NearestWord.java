package io.edgeplane.conf.yaml;

import java.util.Collection;
import java.util.Locale;

/** Finds the valid word a mistyped one was most likely meant to be ("robin" -> "roundrobin"). */
public final class NearestWord {

    private NearestWord() {
    }

    /** The closest candidate, or null when none is plausibly what was meant. */
    public static String to(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t, c);
            // A word that contains the other ("robin" in "roundrobin") is a likely abbreviation.
            int score = c.contains(t) || t.contains(c) ? Math.min(d, 1) : d;
            if (score < bestScore || (score == bestScore && d < bestDistance)) {
                best = c;
                bestScore = score;
                bestDistance = d;
            }
        }
        return best != null && bestScore <= Math.max(2, best.length() / 3) ? best : null;
    }

    /** A hint such as {@code one of roundrobin, sticky, closest (did you mean roundrobin?)}. */
    public static String hint(String typed, Collection<String> candidates) {
        String list = "one of " + String.join(", ", candidates);
        String near = typed == null ? null : to(typed, candidates);
        return near == null ? list : list + " (did you mean " + near + "?)";
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
