package io.edgeplane.edge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code edge demo} as a user meets it: started as a process, every command it prints gives the
 * answer printed beside it, and a deploy (Enter, or {@code --deploy}) moves new requests to
 * version 2 while a slow request on version 1 ends normally.
 */
class DemoCommandTest {

    private static final String READY = "Ctrl-C stops everything.";

    @TempDir
    Path dir;

    private static List<String> freePorts() throws Exception {
        List<String> args = new ArrayList<>();
        for (String option : List.of("--http-port", "--https-port", "--tcp-port", "--dns-port", "--central-dns-port",
                "--control-port")) {
            args.add(option);
            args.add(Integer.toString(ConfigTexts.freePort()));
        }
        return args;
    }

    private static List<PrintedLine> printed(List<String> lines) {
        return lines.stream().map(PrintedLine::parse).flatMap(Optional::stream).toList();
    }

    /** Runs each printed command; a line with several answers (round-robin) must give each of them. */
    private static void assertAnswered(List<PrintedLine> lines) throws Exception {
        for (PrintedLine line : lines) {
            Set<String> seen = new HashSet<>();
            int wanted = line.tool().equals("dig") ? 1 : line.alternatives().size();
            for (int i = 0; i < wanted * 3 && seen.size() < wanted; i++) {
                String output = PrintedCommands.run(line);
                assertTrue(line.answeredBy(output), () -> line.command() + " printed " + output + ", not " + line.answer());
                seen.add(output.strip());
            }
            assertEquals(wanted, seen.size(), () -> line.command() + " gave only " + seen);
        }
    }

    @Test
    @Timeout(120)
    void answersThePrintedLinesAndDeploysOnEnterWithoutCuttingASlowRequest() throws Exception {
        try (DemoProcess demo = DemoProcess.start(dir, Stream.concat(Stream.of("--slow-seconds", "4"),
                freePorts().stream()).toList())) {
            int ready = demo.awaitLine(0, READY);
            List<String> guide = demo.lines(0, ready);
            List<PrintedLine> lines = printed(guide);
            Set<String> tools = new HashSet<>(lines.stream().map(PrintedLine::tool).toList());
            assertTrue(tools.containsAll(List.of("curl", "dig")), () -> String.join("\n", guide));
            assertTrue(lines.stream().anyMatch(l -> l.command().contains("mysql.cloud66.local")), () -> String.join("\n", guide));
            // TCP is printed only when the TCP proxy answers; otherwise the guide says so.
            assertTrue(tools.contains("nc") || guide.stream().anyMatch(l -> l.contains("no TCP proxy")), () -> String.join("\n", guide));
            assertAnswered(lines);

            String slowCommand = guide.stream().filter(l -> l.contains("/slow")).findFirst().orElseThrow().strip();
            URI slowUrl = URI.create(slowCommand.substring(slowCommand.lastIndexOf(' ') + 1));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<Stream<String>>> slow = client.sendAsync(PrintedCommands.request(slowUrl)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofLines());
            List<String> slowLines = new ArrayList<>();
            CompletableFuture<Void> slowDone = slow.thenAccept(r -> r.body().forEach(slowLines::add));
            // Deploy only once the slow request is being served by version 1.
            Thread.sleep(1200);
            demo.pressEnter();
            int live = demo.awaitLine(ready, "Version 2 is live");
            int next = demo.awaitLine(live, "Press Enter to deploy version 3");
            List<PrintedLine> after = printed(demo.lines(live, next));
            assertTrue(after.stream().allMatch(l -> l.answer().contains("v2") || l.answer().contains(".2")), after::toString);
            assertAnswered(after);

            slowDone.get(30, TimeUnit.SECONDS);
            assertEquals(5, slowLines.size(), slowLines::toString); // 4 seconds and "done"
            String first = slowLines.getFirst();
            assertTrue(first.matches("web-1-[abc] web v1 1/4"), first);
            assertEquals(first.replace(" 1/4", " done"), slowLines.getLast(), "the slow request ended on its container");

            assertEquals(0, demo.terminate(), demo::transcript);
        }
    }

    @Test
    @Timeout(120)
    void deployFlagRollsToVersionTwoWhileItsSlowRequestEndsOnVersionOne() throws Exception {
        try (DemoProcess demo = DemoProcess.start(dir, Stream.concat(Stream.of("--deploy", "--slow-seconds", "3"),
                freePorts().stream()).toList())) {
            int ready = demo.awaitLine(0, READY);
            int started = demo.awaitLine(ready, "A slow request streams from version 1");
            int ended = demo.awaitLine(started, "The slow request ended where it started");
            String end = demo.lines(ended, ended + 1).getFirst();
            assertTrue(end.matches(".*all 4 lines: \"web-1-[abc] web v1 done\""), end);
            int live = demo.awaitLine(ended, "Version 2 is live");
            List<String> narration = demo.lines(started, live);
            assertTrue(narration.stream().anyMatch(l -> l.contains("removed version 1 from the inventory")),
                    () -> String.join("\n", narration));
            int next = demo.awaitLine(live, "Press Enter to deploy version 3");
            assertAnswered(printed(demo.lines(live, next)));
            assertEquals(0, demo.terminate(), demo::transcript);
        }
    }

    @Test
    void helpExplainsTheDemo() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("demo", "--help"));
        String help = out.toString();
        for (String expected : List.of("--deploy", "traffic_matches", "Enter", "Ctrl-C", "--http-port", "self-signed")) {
            assertTrue(help.contains(expected), () -> expected + " missing from:\n" + help);
        }
    }
}
