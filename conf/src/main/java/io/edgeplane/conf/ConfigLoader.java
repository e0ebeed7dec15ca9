package io.edgeplane.conf;

import io.edgeplane.conf.check.ConfigValidator;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.yaml.InventoryParser;
import io.edgeplane.conf.yaml.NodeReader;
import io.edgeplane.conf.yaml.ServicesParser;
import io.edgeplane.conf.yaml.SettingsParser;
import io.edgeplane.conf.yaml.SourceMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and validates a whole configuration. Never throws on bad input: every problem, in every
 * file, comes back in {@link Loaded#problems()}, sorted by file and position.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Reads the files. A missing service.yml is an error; a missing inventory.yml means no containers yet. */
    public static Loaded load(ConfigFiles files) {
        List<Problem> problems = new ArrayList<>();
        String edgeName = files.edge() == null ? ConfigFiles.EDGE : files.edge().toString();
        String edgeText = files.edge() == null ? null : read(files.edge(), true, problems);
        String servicesText = read(files.services(), true, problems);
        String inventoryText = read(files.inventory(), false, problems);
        Path baseDir = files.edge() == null ? Path.of("") : files.edge().toAbsolutePath().getParent();
        Loaded loaded = parse(edgeName, edgeText, baseDir, files.services().toString(), servicesText == null ? "" : servicesText,
                files.inventory().toString(), inventoryText == null ? "" : inventoryText);
        problems.addAll(loaded.problems());
        return new Loaded(loaded.config(), problems);
    }

    /**
     * Parses configuration texts; the names are used in problem locations. {@code edgeYaml} may
     * be null for all defaults; relative paths in it resolve against {@code baseDir}.
     */
    public static Loaded parse(String edgeName, String edgeYaml, Path baseDir, String servicesName,
                               String servicesYaml, String inventoryName, String inventoryYaml) {
        List<Problem> problems = new ArrayList<>();
        SourceMap sources = SourceMap.empty();
        Settings settings = edgeYaml == null ? Settings.defaults()
                : new SettingsParser(new NodeReader(edgeName, problems, sources), baseDir).parse(edgeYaml);
        Services services = new ServicesParser(new NodeReader(servicesName, problems, sources)).parse(servicesYaml);
        Inventory inventory = new InventoryParser(new NodeReader(inventoryName, problems, sources)).parse(inventoryYaml);
        Config config = new Config(settings, services, inventory);
        problems.addAll(ConfigValidator.validate(config, sources));
        List<String> order = java.util.Arrays.asList(edgeName, servicesName, inventoryName);
        problems.sort(Comparator.comparingInt((Problem p) -> order.indexOf(p.location().file()))
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return new Loaded(config, problems);
    }

    /** Cross-checks an already built configuration (for changes made through the API). */
    public static List<Problem> validate(Config config) {
        return ConfigValidator.validate(config, SourceMap.empty());
    }

    private static String read(Path file, boolean required, List<Problem> problems) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            if (required) {
                problems.add(Problem.error(Location.unknown(file.toString()), "file", null, "does not exist",
                        "an existing file (see --help for the options that name it)"));
            } else {
                problems.add(Problem.warning(Location.unknown(file.toString()), "file", null,
                        "does not exist; starting with no servers, containers or databases", null));
            }
        } catch (CharacterCodingException e) {
            problems.add(Problem.error(Location.unknown(file.toString()), "file", null, "is not UTF-8 text", "a UTF-8 YAML file"));
        } catch (IOException e) {
            problems.add(Problem.error(Location.unknown(file.toString()), "file", null, "cannot be read: " + e, null));
        }
        return null;
    }
}
