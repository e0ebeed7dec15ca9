package io.edgeplane.overlay.tun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2 ({@code ip ...}) for what is simpler said to the kernel that way than through
 * netlink: MTU, addresses, routes, veth pairs, namespaces. Failures carry ip's own message.
 */
public final class IpRoute {

    private IpRoute() {
    }

    /** Runs {@code ip args...}; throws with ip's stderr when it fails. */
    public static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Like {@link #ip} but ignores failure (for undo steps whose object may be gone). */
    public static boolean ipQuietly(String... args) {
        try {
            ip(args);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    /** Sets MTU, brings the TUN up and gives it {@code addressWithPrefix} (e.g. 10.32.1.1/12). */
    public static void configure(String name, int mtu, String addressWithPrefix) throws IOException {
        ip("link", "set", "dev", name, "mtu", Integer.toString(mtu));
        if (addressWithPrefix != null) {
            ip("addr", "replace", addressWithPrefix, "dev", name);
        }
        ip("link", "set", "dev", name, "up");
    }
}
