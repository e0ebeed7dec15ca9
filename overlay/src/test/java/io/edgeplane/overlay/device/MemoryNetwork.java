package io.edgeplane.overlay.device;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** An underlay in memory: binds by address, every datagram recorded, an optional tamper hook. */
public final class MemoryNetwork {

    public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
    }

    private final Map<InetSocketAddress, MemoryBind> binds = new ConcurrentHashMap<>();
    public final List<Datagram> log = new CopyOnWriteArrayList<>();
    /** Returns the bytes to deliver (null: lose it). */
    public volatile UnaryOperator<Datagram> wire = d -> d;

    public MemoryBind bind(String ip, int port) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.ofLiteral(ip), port);
        MemoryBind b = new MemoryBind(a);
        binds.put(a, b);
        return b;
    }

    /** Delivers raw bytes as if {@code from} sent them (an attacker on the underlay). */
    public void inject(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
        MemoryBind b = binds.get(to);
        if (b != null) {
            b.queue.add(new Datagram(from, to, bytes.clone()));
        }
    }

    public final class MemoryBind implements Bind {
        final InetSocketAddress local;
        final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
        volatile boolean closed;

        MemoryBind(InetSocketAddress local) {
            this.local = local;
        }

        public InetSocketAddress address() {
            return local;
        }

        @Override
        public InetSocketAddress receive(ByteBuffer dst) {
            while (!closed) {
                try {
                    Datagram d = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (d != null) {
                        dst.put(d.bytes());
                        return d.from();
                    }
                } catch (InterruptedException e) {
                    return null;
                }
            }
            return null;
        }

        @Override
        public void send(ByteBuffer src, InetSocketAddress to) {
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            Datagram d = new Datagram(local, to, bytes);
            log.add(d);
            Datagram delivered = wire.apply(d);
            MemoryBind target = binds.get(to);
            if (delivered != null && target != null && !target.closed) {
                target.queue.add(delivered);
            }
        }

        @Override
        public int port() {
            return local.getPort();
        }

        @Override
        public void close() {
            closed = true;
            binds.remove(local, this);
        }
    }
}
