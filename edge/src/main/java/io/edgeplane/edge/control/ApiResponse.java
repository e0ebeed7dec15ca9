package io.edgeplane.edge.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.conf.Problem;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of the control API, already encoded. Every answer has a body, JSON except for
 * {@code /metrics}, so a client never has to guess what an error means.
 */
public record ApiResponse(HttpResponseStatus status, String contentType, byte[] body) {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json";

    public static ApiResponse json(HttpResponseStatus status, Object value) {
        try {
            return new ApiResponse(status, JSON_TYPE, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always encode", e);
        }
    }

    /** {@code {"error": message}}. */
    public static ApiResponse error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    /** {@code {"error": message, "problems": [lines as edge check prints them]}}. */
    public static ApiResponse problems(HttpResponseStatus status, String message, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("problems", problems.stream().map(Problem::format).toList());
        return json(status, body);
    }

    public static ApiResponse text(HttpResponseStatus status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
