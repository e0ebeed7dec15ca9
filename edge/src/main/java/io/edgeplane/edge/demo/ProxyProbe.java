package io.edgeplane.edge.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Requests through the demo's proxy, as a visitor's browser would send them: to 127.0.0.1 with
 * the service's host name in the Host header (so no name needs to resolve). The JDK client sets
 * Host only when {@link #allowHostHeader()} ran before its first use in the process.
 */
final class ProxyProbe {

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** The JDK client reads this property once, when the first client of the process is made. */
    static void allowHostHeader() {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    ProxyProbe(int port) {
        this.port = port;
    }

    /** The body's first line of a 200, else null (no route yet, proxy not listening, ...). */
    String answer(String host) {
        try {
            HttpResponse<String> r = http.send(request(host, "/").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Asks until the answer matches; returns it, or null after {@code timeout}. */
    String awaitAnswer(String host, Predicate<String> matching, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String answer = answer(host);
            if (answer != null && matching.test(answer)) {
                return answer;
            }
            Thread.sleep(100);
        }
        return null;
    }

    /** {@code GET /slow}: its lines as they stream in. */
    Stream<String> slow(String host) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(request(host, "/slow").build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IOException("GET /slow answered " + r.statusCode());
        }
        return r.body();
    }

    private HttpRequest.Builder request(String host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Host", host);
    }
}
