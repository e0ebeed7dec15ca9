package io.edgeplane.edge.follow;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Location;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server whose {@code node.roles} lack {@code central} follows the central named by
 * {@code central.url}; its own service.yml and inventory.yml, if any, are not read (the
 * central's are what it serves). This reads only its edge.yml.
 */
public final class FollowerSettings {

    private FollowerSettings() {
    }

    /**
     * edge.yml alone, when it makes this server a follower; null when it does not (no edge.yml,
     * a central role, or problems that the full load will report).
     */
    public static Loaded loadIfFollower(ConfigFiles files) {
        if (files.edge() == null || !Files.exists(files.edge())) {
            return null;
        }
        String text;
        try {
            text = Files.readString(files.edge(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String name = files.edge().toString();
        Path base = files.edge().toAbsolutePath().getParent();
        Loaded loaded = ConfigLoader.parse(name, text, base, "service.yml", "", "inventory.yml", "");
        List<Problem> own = new ArrayList<>(loaded.problems().stream()
                .filter(p -> p.location().file().equals(name)).toList());
        if (own.stream().anyMatch(Problem::isError) || loaded.config().settings().node().isCentral()) {
            return null;
        }
        if (loaded.config().settings().central().url() == null) {
            own.add(Problem.error(Location.unknown(name), "central.url", null, "is missing, and node.roles has no"
                    + " central: this server would have nobody to follow",
                    "central: {url: https://<central address>:7070, token_file: ...}, or node.roles: [central, node]"));
        }
        return new Loaded(new Config(loaded.config().settings(), Services.EMPTY, Inventory.EMPTY), own);
    }
}
