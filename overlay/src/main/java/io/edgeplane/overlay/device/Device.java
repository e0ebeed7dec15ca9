package io.edgeplane.overlay.device;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.overlay.noise.CookieChecker;
import io.edgeplane.overlay.noise.Keypair;
import io.edgeplane.overlay.noise.Noise;
import io.edgeplane.overlay.noise.NoisePublicKey;
import io.edgeplane.overlay.tun.Tun;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A WireGuard device: one static identity, one TUN, one UDP bind, the peers of the last
 * {@link PeerTable}. Threads: {@code tunReaders} send paths, {@code udpReaders} receive paths,
 * one handshake worker and one timer ticker. Each data thread owns its Cipher and buffers.
 */
public final class Device implements Closeable {

    private static final System.Logger LOG = System.getLogger(Device.class.getName());

    /** How many threads read TUN and UDP; the ticker's period. */
    public record Options(int tunReaders, int udpReaders, long tickMillis) {
        public static Options defaults() {
            int cpus = Runtime.getRuntime().availableProcessors();
            return new Options(1, Math.max(1, Math.min(2, cpus / 2)), 50);
        }
    }

    final Noise noise;
    final byte[] privateKey;
    final CookieChecker cookieChecker;
    final Tun tun;
    final Bind bind;
    final LongSupplier clock;
    final DeviceStats stats = new DeviceStats();
    final IndexTable indices = new IndexTable();
    final ConcurrentHashMap<NoisePublicKey, Peer> peers = new ConcurrentHashMap<>();
    final Timers timers = new Timers(this);
    final Send send = new Send(this);
    final Receive receive = new Receive(this);
    final ReceiveHandshake handshakes = new ReceiveHandshake(this);
    private final Options options;
    private final List<Thread> threads = new ArrayList<>();

    /** Published with one volatile write per configuration; read lock-free by every packet. */
    volatile AllowedIps<Peer> routes = AllowedIps.empty();
    volatile boolean running;

    public Device(byte[] privateKey, Tun tun, Bind bind) {
        this(privateKey, tun, bind, System::nanoTime, Options.defaults());
    }

    public Device(byte[] privateKey, Tun tun, Bind bind, LongSupplier clock, Options options) {
        this.privateKey = privateKey.clone();
        this.noise = new Noise(privateKey);
        this.cookieChecker = new CookieChecker(noise.publicKey(), clock);
        this.tun = tun;
        this.bind = bind;
        this.clock = clock;
        this.options = options;
    }

    public NoisePublicKey publicKey() {
        return noise.publicKey();
    }

    public DeviceStats stats() {
        return stats;
    }

    public Collection<Peer> peers() {
        return List.copyOf(peers.values());
    }

    /** For tests and load experiments: answer every handshake with a cookie reply first. */
    public void forceUnderLoad(boolean on) {
        handshakes.forceUnderLoad = on;
    }

    /**
     * Makes the peers those of {@code table}: new ones are added, removed ones forgotten with
     * their sessions, existing ones keep their sessions and take the new endpoint, slice and
     * pre-shared key. The routes are swapped in one volatile write.
     */
    public synchronized void apply(PeerTable table) {
        Map<Cidr, Peer> routeMap = new LinkedHashMap<>();
        Set<NoisePublicKey> keep = new HashSet<>();
        for (PeerSpec spec : table.peers()) {
            if (spec.key().equals(publicKey())) {
                continue;
            }
            keep.add(spec.key());
            Peer peer = peers.computeIfAbsent(spec.key(),
                    k -> new Peer(spec.name(), k, privateKey, spec.presharedKey(), spec.endpoint(), clock));
            peer.handshake.presharedKey(spec.presharedKey());
            if (spec.endpoint() != null && !spec.endpoint().equals(peer.endpoint)) {
                peer.endpoint = spec.endpoint();
            }
            for (Cidr c : spec.allowedIps()) {
                routeMap.put(c, peer);
            }
        }
        routes = AllowedIps.of(routeMap);
        for (Peer peer : peers.values()) {
            if (!keep.contains(peer.key)) {
                peers.remove(peer.key);
                peer.removed = true;
                timers.stop(peer);
                zeroKeyMaterial(peer);
                LOG.log(Level.INFO, "overlay peer {0} removed", peer);
            }
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < options.tunReaders(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("overlay-tun-" + i).start(send::tunLoop));
        }
        for (int i = 0; i < options.udpReaders(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("overlay-udp-" + i).start(receive::udpLoop));
        }
        threads.add(Thread.ofPlatform().daemon().name("overlay-handshake").start(handshakes::loop));
        threads.add(Thread.ofPlatform().daemon().name("overlay-timers").start(this::tickLoop));
    }

    private void tickLoop() {
        while (running) {
            try {
                Thread.sleep(options.tickMillis());
                timers.tick();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "timers", e);
            }
        }
    }

    /** Runs due timers now; for tests driving a fake clock. */
    public void tick() {
        timers.tick();
    }

    /** Derives the session from a finished handshake and installs it (caller holds handshakeSend). */
    Keypair beginSession(Peer peer) {
        Keypair kp = Noise.beginSession(peer.handshake, clock.getAsLong());
        if (kp == null) {
            return null;
        }
        indices.swapToKeypair(kp.localIndex(), kp);
        peer.keypairs.install(kp, this::releaseKeypair);
        return kp;
    }

    void releaseKeypair(Keypair kp) {
        indices.remove(kp.localIndex());
    }

    void zeroKeyMaterial(Peer peer) {
        peer.keypairs.clear(this::releaseKeypair);
        synchronized (peer.handshakeSend) {
            int index = peer.handshake.localIndex();
            indices.removeHandshake(index);
            peer.handshake.clear();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            running = false;
        }
        // readers notice within one poll period; the TUN closes once none can be inside read
        try {
            bind.close();
            for (Thread t : threads) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            tun.close();
        }
    }
}
