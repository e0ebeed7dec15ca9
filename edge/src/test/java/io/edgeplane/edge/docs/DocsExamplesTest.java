package io.edgeplane.edge.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import io.edgeplane.edge.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of docs/ is true. A page reads as one configuration growing from top to
 * bottom: each YAML block (named by {@code title="service.yml"} or a first-line comment)
 * replaces that file, and is checked with the configuration loader together with the page's
 * latest other two files; a block marked {@code invalid} must be reported as an error. Each
 * {@code $ edge check} or {@code $ edge overlay keygen|pubkey|genpsk} line of a console block
 * runs as a process in a directory holding the page's files so far, and must print what the
 * page shows.
 */
class DocsExamplesTest {

    private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    private static final List<String> FILES = List.of(ConfigFiles.EDGE, ConfigFiles.SERVICES, ConfigFiles.INVENTORY);

    @TempDir
    Path dir;

    private static List<DocPage> pages() throws IOException {
        try (Stream<Path> files = Files.list(DOCS)) {
            List<DocPage> pages = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                pages.add(DocPage.read(p));
            }
            return pages;
        }
    }

    @TestFactory
    Stream<DynamicNode> everyExampleOfEveryPage() throws IOException {
        List<DynamicNode> nodes = new ArrayList<>();
        for (DocPage page : pages()) {
            Map<String, String> files = new LinkedHashMap<>();
            List<DynamicNode> tests = new ArrayList<>();
            for (DocBlock block : page.blocks()) {
                if (block.yaml()) {
                    String file = block.file();
                    tests.add(DynamicTest.dynamicTest(block.where() + " " + file, () -> {
                        assertNotNull(file, block.where() + ": a YAML example names its file (title=\"service.yml\")");
                        assertTrue(FILES.contains(file), block.where() + ": " + file + " is not one of " + FILES);
                    }));
                    if (file == null) {
                        continue;
                    }
                    files.put(file, block.text());
                    Map<String, String> now = Map.copyOf(files);
                    tests.add(DynamicTest.dynamicTest(block.where() + " " + file + (block.invalid() ? " is reported" : " is valid"),
                            () -> check(block, file, now)));
                } else if (block.console()) {
                    Map<String, String> now = Map.copyOf(files);
                    for (ConsoleCommand command : ConsoleCommand.of(block)) {
                        if (command.runnable()) {
                            tests.add(DynamicTest.dynamicTest(block.where() + " $ " + command.command(),
                                    () -> run(block, command, now)));
                        }
                    }
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(page.path().getFileName().toString(), tests));
        }
        return nodes.stream();
    }

    private void check(DocBlock block, String file, Map<String, String> files) {
        Loaded loaded = ConfigLoader.parse(ConfigFiles.EDGE, files.get(ConfigFiles.EDGE), dir,
                ConfigFiles.SERVICES, files.getOrDefault(ConfigFiles.SERVICES, ""),
                ConfigFiles.INVENTORY, files.getOrDefault(ConfigFiles.INVENTORY, ""));
        String problems = String.join("\n", loaded.problems().stream().map(Problem::format).toList());
        if (block.invalid()) {
            assertTrue(loaded.errors().stream().anyMatch(p -> p.location().file().equals(file)),
                    () -> block.where() + ": marked invalid, but " + file + " has no error:\n" + problems);
        } else {
            assertTrue(loaded.ok(), () -> block.where() + ": " + file + " together with the page's other files:\n" + problems);
        }
    }

    private void run(DocBlock block, ConsoleCommand command, Map<String, String> files) throws Exception {
        Path work = Files.createTempDirectory(dir, "run");
        for (var file : files.entrySet()) {
            Files.writeString(work.resolve(file.getKey()), file.getValue());
        }
        if (!files.containsKey(ConfigFiles.INVENTORY)) {
            Files.writeString(work.resolve(ConfigFiles.INVENTORY), "");
        }
        // `edge` in the command is this build's Main, so pipes and redirections work as in a shell.
        String edge = "edge() { \"$EDGE_JAVA\" --enable-native-access=ALL-UNNAMED -cp \"$EDGE_CP\" " + Main.class.getName()
                + " \"$@\"; }\n";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", edge + command.command()).directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().put("EDGE_JAVA", ProcessHandle.current().info().command().orElseThrow());
        builder.environment().put("EDGE_CP", System.getProperty("java.class.path"));
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command.command());
        List<String> printed = output.lines().toList();
        assertTrue(command.shows(printed), () -> block.where() + ": $ " + command.command() + "\nprinted:\n" + output
                + "the page shows:\n" + String.join("\n", command.output()));
    }

    @Test
    void thereAreExamplesToCheck() throws IOException {
        List<DocPage> pages = pages();
        long yaml = pages.stream().flatMap(p -> p.blocks().stream()).filter(DocBlock::yaml).count();
        long commands = pages.stream().flatMap(p -> p.blocks().stream()).filter(DocBlock::console)
                .flatMap(b -> ConsoleCommand.of(b).stream()).filter(ConsoleCommand::runnable).count();
        assertTrue(yaml >= 15, "YAML examples: " + yaml);
        assertTrue(commands >= 4, "runnable commands: " + commands);
        for (String page : List.of("routing.md", "deploys.md", "elasticdns.md", "containernet.md", "operations.md",
                "migrating-from-nginx.md", "demo.md")) {
            assertTrue(Files.isRegularFile(DOCS.resolve(page)), page);
        }
        assertFalse(pages.isEmpty());
    }
}
