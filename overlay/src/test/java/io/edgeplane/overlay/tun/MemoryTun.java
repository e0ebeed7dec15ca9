package io.edgeplane.overlay.tun;

import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A TUN in memory: the test plays the kernel, injecting packets and taking what the device wrote. */
public final class MemoryTun implements Tun {

    private final LinkedBlockingQueue<byte[]> toDevice = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> fromDevice = new LinkedBlockingQueue<>();
    private final int mtu;
    private volatile boolean closed;

    public MemoryTun(int mtu) {
        this.mtu = mtu;
    }

    /** A packet "the kernel routed into the TUN". */
    public void inject(byte[] packet) {
        toDevice.add(packet.clone());
    }

    /** The next packet the device wrote, or null after the timeout. */
    public byte[] take(long millis) throws InterruptedException {
        return fromDevice.poll(millis, TimeUnit.MILLISECONDS);
    }

    public int pendingWrites() {
        return fromDevice.size();
    }

    @Override
    public int read(ByteBuffer dst) {
        if (closed) {
            return -1;
        }
        try {
            byte[] p = toDevice.poll(50, TimeUnit.MILLISECONDS);
            if (p == null) {
                return closed ? -1 : 0;
            }
            dst.put(p);
            return p.length;
        } catch (InterruptedException e) {
            return -1;
        }
    }

    @Override
    public void write(ByteBuffer src) {
        byte[] p = new byte[src.remaining()];
        src.get(p);
        fromDevice.add(p);
    }

    @Override
    public String name() {
        return "memtun";
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void close() {
        closed = true;
    }
}
