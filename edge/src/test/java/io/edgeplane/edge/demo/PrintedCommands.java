package io.edgeplane.edge.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Runs a printed command: as printed, through bash, when its tool (curl, dig, nc) is installed;
 * otherwise the same request made from Java (java.net.http, dnsjava, a socket), with names
 * under {@code .localhost} sent to 127.0.0.1 as curl does.
 */
final class PrintedCommands {

    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private PrintedCommands() {
    }

    static boolean installed(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** What the command prints on stdout. */
    static String run(PrintedLine line) throws Exception {
        if (installed(line.tool())) {
            return bash(line.command());
        }
        return switch (line.tool()) {
            case "curl" -> curl(line.command());
            case "dig" -> dig(line.command());
            case "nc" -> nc(line.command());
            default -> throw new IllegalArgumentException(line.command());
        };
    }

    static String bash(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + ": still running after 15 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** {@code curl [-k] [-N] URL} for plain HTTP. */
    static String curl(String command) throws IOException, InterruptedException {
        String[] words = command.split("\\s+");
        URI url = URI.create(words[words.length - 1]);
        if (!url.getScheme().equals("http")) {
            throw new org.opentest4j.TestAbortedException("no curl installed for " + command);
        }
        HttpResponse<String> r = HTTP.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** A request to what {@code url} names, sent to 127.0.0.1 with its host name in Host. */
    static HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.getPort() + url.getPath()))
                .header("Host", url.getHost()).timeout(Duration.ofSeconds(10));
    }

    /** {@code dig @ADDRESS -p PORT +short NAME}. */
    static String dig(String command) throws IOException {
        String[] words = command.split("\\s+");
        SimpleResolver resolver = new SimpleResolver(InetAddress.ofLiteral(words[1].substring(1)));
        resolver.setPort(Integer.parseInt(words[3]));
        resolver.setTimeout(Duration.ofSeconds(3));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(words[5] + "."), Type.A, DClass.IN)));
        List<String> addresses = answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
        return String.join("\n", addresses) + "\n";
    }

    /** {@code echo TEXT | nc ADDRESS PORT}. */
    static String nc(String command) throws IOException {
        String[] words = command.split("\\s+");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.ofLiteral(words[4]), Integer.parseInt(words[5])), 3000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((words[1] + "\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine() + "\n";
        }
    }
}
