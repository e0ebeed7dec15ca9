package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.registry.Readiness;

/**
 * A part that reads readiness only while it applies a configuration (ElasticDNS compiles its
 * answers then): when readiness changes, the last configuration is applied again, so answers
 * stop naming containers that went unready and start naming those that became ready. The lock
 * keeps a re-apply from overtaking a newer configuration applied at the same time.
 */
final class ReappliedOnReadiness implements NodePart {

    private static final System.Logger LOG = System.getLogger("node");

    private final NodePart part;
    private final AutoCloseable subscription;
    private Config last;

    ReappliedOnReadiness(NodePart part, Readiness readiness) {
        this.part = part;
        this.subscription = readiness.onChange(this::reapply);
    }

    @Override
    public String name() {
        return part.name();
    }

    @Override
    public synchronized void apply(Config config) {
        part.apply(config);
        last = config;
    }

    private synchronized void reapply() {
        if (last != null) {
            try {
                part.apply(last);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, part.name() + ": re-apply after a readiness change failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // nothing to do: the part closes anyway
        }
        part.close();
    }
}
