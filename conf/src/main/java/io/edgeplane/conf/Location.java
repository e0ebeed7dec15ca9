package io.edgeplane.conf;

/**
 * Where a value was written: file name as given, 1-based line and column. Line 0 means the
 * position is unknown (a value built by the API rather than read from a file).
 */
public record Location(String file, int line, int column) {

    public static Location unknown(String file) {
        return new Location(file, 0, 0);
    }

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        return isKnown() ? file + ":" + line + ":" + column : file;
    }
}
