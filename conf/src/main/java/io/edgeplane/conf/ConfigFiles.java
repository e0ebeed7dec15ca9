package io.edgeplane.conf;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three files a node reads. {@code edge} may be null (all defaults). Without explicit paths,
 * service.yml and inventory.yml are looked for beside edge.yml (or in the working directory).
 */
public record ConfigFiles(Path edge, Path services, Path inventory) {

    public static final String EDGE = "edge.yml";
    public static final String SERVICES = "service.yml";
    public static final String INVENTORY = "inventory.yml";

    /** Fills in the defaults for options the user did not give (any argument may be null). */
    public static ConfigFiles resolve(Path edge, Path services, Path inventory) {
        Path e = edge;
        if (e == null && Files.exists(Path.of(EDGE))) {
            e = Path.of(EDGE);
        }
        Path dir = e != null && e.getParent() != null ? e.getParent() : Path.of("");
        return new ConfigFiles(e,
                services != null ? services : dir.resolve(SERVICES),
                inventory != null ? inventory : dir.resolve(INVENTORY));
    }
}
