package io.edgeplane.dns.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code nameserver} lines of resolv.conf: the upstreams when {@code dns.upstreams} is empty. */
final class ResolvConf {

    private static final System.Logger LOG = System.getLogger(ResolvConf.class.getName());

    private ResolvConf() {
    }

    static List<InetSocketAddress> nameservers(Path file) {
        List<InetSocketAddress> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read {0} ({1}): names outside the zone will fail", file, e.toString());
            return out;
        }
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                String host = words[1];
                int zone = host.indexOf('%');
                try {
                    out.add(new InetSocketAddress(InetAddress.ofLiteral(zone < 0 ? host : host.substring(0, zone)), 53));
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: ignoring nameserver {1}: not an address", file, host);
                }
            }
        }
        return out;
    }
}
