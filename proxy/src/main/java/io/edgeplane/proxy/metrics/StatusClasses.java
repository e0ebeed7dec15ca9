package io.edgeplane.proxy.metrics;

/**
 * The seven values of the {@code status} tag. An index, not an enum, because a cell keeps one
 * plain {@code long} per class and the hot path should only compute where to add one.
 */
final class StatusClasses {

    static final String[] NAMES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    static final int COUNT = NAMES.length;

    private StatusClasses() {
    }

    /**
     * @param status 0 when the client left before any status; anything outside 100-599 (which a
     *               container may send) is {@code other} rather than a new series
     */
    static int of(int status) {
        return status == 0 ? 0 : status >= 100 && status < 600 ? status / 100 : 6;
    }
}
