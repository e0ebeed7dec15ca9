package io.edgeplane.conf.registry;

import java.nio.file.Path;

/**
 * The child JVM of {@link DurableRegistryCrashTest}: applies changes and prints {@code ACK <revision>}
 * after each {@code apply} returned, the moment an API would answer the client. Then waits to be
 * killed. Arguments: the state directory, and {@code once} (one change) or {@code stream}
 * (numbered changes without end).
 */
public final class ApplyUntilKilled {

    private ApplyUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        DurableRegistry registry = DurableRegistry.open(Path.of(args[0]), SampleConfigs.SETTINGS);
        if (args[1].equals("once")) {
            ack(registry.apply(SampleConfigs.webAndApi(7)));
            Thread.sleep(Long.MAX_VALUE);
        }
        for (int i = 1; ; i++) {
            ack(registry.apply(SampleConfigs.numbered(i)));
        }
    }

    private static void ack(ApplyResult result) {
        if (!(result instanceof ApplyResult.Applied applied)) {
            throw new IllegalStateException("not applied: " + result);
        }
        System.out.println("ACK " + applied.snapshot().revision());
        System.out.flush();
    }
}
