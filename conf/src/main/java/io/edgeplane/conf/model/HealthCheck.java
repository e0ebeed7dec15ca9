package io.edgeplane.conf.model;

import java.time.Duration;
import java.util.List;

/**
 * A service's readiness rule ({@code health}). {@code endpoint} is an HTTP path probed on the
 * container port; {@code accept} lists accepted status codes or classes such as {@code "2xx"}.
 */
public record HealthCheck(String type, String endpoint, String protocol, List<String> accept,
                          Duration timeout) {

    public HealthCheck {
        accept = List.copyOf(accept);
    }

    public boolean accepts(int status) {
        String code = Integer.toString(status);
        for (String a : accept) {
            if (a.equals(code) || (a.length() == 3 && a.endsWith("xx") && a.charAt(0) == code.charAt(0))) {
                return true;
            }
        }
        return false;
    }
}
