package io.edgeplane.conf.registry;

/** Ends a subscription; closing twice is harmless. Narrows {@link AutoCloseable} to throw nothing. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
