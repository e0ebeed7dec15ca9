package io.edgeplane.edge.cli;

import io.edgeplane.conf.ConfigFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that name the three configuration files, shared by {@code run} and {@code check}. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "edge.yml",
            description = "This server's settings (default: ./edge.yml when present, else all defaults).")
    Path edge;

    @Option(names = "--services", paramLabel = "service.yml",
            description = "The services (default: service.yml beside edge.yml, or in the working directory).")
    Path services;

    @Option(names = "--inventory", paramLabel = "inventory.yml",
            description = "What runs where (default: inventory.yml beside edge.yml, or in the working directory).")
    Path inventory;

    public ConfigFiles files() {
        return ConfigFiles.resolve(edge, services, inventory);
    }

    /** The files as the user would name them, for summaries: {@code edge.yml service.yml inventory.yml}. */
    public static String names(ConfigFiles files) {
        List<String> names = new ArrayList<>();
        if (files.edge() != null) {
            names.add(files.edge().toString());
        }
        names.add(files.services().toString());
        names.add(files.inventory().toString());
        return String.join(" ", names);
    }
}
