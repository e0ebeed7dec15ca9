package io.edgeplane.edge.status;

import java.util.HashMap;
import java.util.Map;

/**
 * The samples of a {@code GET /metrics} answer (Prometheus text format), so {@code edge status}
 * shows exactly the figures a scraper sees instead of a second account of them.
 */
final class MetricSamples {

    private final Map<String, Double> bySeries;

    private MetricSamples(Map<String, Double> bySeries) {
        this.bySeries = bySeries;
    }

    /** Reads {@code name{labels} value [timestamp]} lines; comments and lines it cannot read are skipped. */
    static MetricSamples parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // Label values may hold spaces: the value starts after the closing brace, if any.
            int close = line.lastIndexOf('}');
            int space = line.indexOf(' ', close < 0 ? 0 : close);
            if (space < 0) {
                continue;
            }
            String[] rest = line.substring(space + 1).trim().split(" ");
            try {
                samples.put(line.substring(0, space), Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // e.g. "+Inf" (Java spells it "Infinity"): not a figure status shows
            }
        }
        return new MetricSamples(samples);
    }

    /** The value of a series as written, e.g. {@code edge_dns_cache_size} or {@code x_total{to="central"}}; null when absent. */
    Double get(String series) {
        return bySeries.get(series);
    }

    /** As {@link #get}, rounded to a whole count; {@code 0} when absent or not a number. */
    long count(String series) {
        Double v = bySeries.get(series);
        return v == null || v.isNaN() || v.isInfinite() ? 0 : Math.round(v);
    }
}
