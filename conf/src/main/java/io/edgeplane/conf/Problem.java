package io.edgeplane.conf;

/**
 * One thing wrong (or doubtful) in the configuration, located and explained the way
 * {@code nginx -t} would: where, which directive, the bad value and what would be valid.
 *
 * @param directive the path of the directive, e.g. {@code services.web.ports[1]}
 * @param value     the offending value as written, or null when the problem is a missing value
 * @param message   what is wrong, e.g. {@code has 4 fields}
 * @param valid     what would be valid, e.g. {@code CONTAINER[:HTTP[:HTTPS]] such as "3000:80:443"}
 */
public record Problem(Severity severity, Location location, String directive, String value, String message,
                      String valid) {

    public enum Severity {
        ERROR, WARNING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Problem error(Location at, String directive, String value, String message, String valid) {
        return new Problem(Severity.ERROR, at, directive, value, message, valid);
    }

    public static Problem warning(Location at, String directive, String value, String message, String valid) {
        return new Problem(Severity.WARNING, at, directive, value, message, valid);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * One line: {@code service.yml:12:9: error: services.web.ports[1]: "3000:80:443:1" has 4 fields;
     * valid: CONTAINER[:HTTP[:HTTPS]]}.
     */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(location).append(": ").append(severity.label()).append(": ").append(directive).append(": ");
        if (value != null) {
            b.append('"').append(value).append("\" ");
        }
        b.append(message);
        if (valid != null && !valid.isEmpty()) {
            b.append("; valid: ").append(valid);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
