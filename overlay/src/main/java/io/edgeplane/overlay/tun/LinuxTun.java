package io.edgeplane.overlay.tun;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN interface through the FFM API: {@code open("/dev/net/tun")}, {@code ioctl(TUNSETIFF)}
 * with IFF_TUN | IFF_NO_PI (raw IP packets, no packet-information prefix), then plain read and
 * write on the descriptor. Reads wait in {@code poll} with a short timeout so a reader thread
 * notices {@link #close()} without the descriptor being closed under it. With offloads
 * (IFF_VNET_HDR, TUNSETOFFLOAD) reads carry a virtio_net_hdr and may be TCP super-packets, and
 * plain packets are written behind an empty header with {@code writev}. Needs CAP_NET_ADMIN
 * and {@code --enable-native-access}.
 */
@SuppressWarnings("restricted") // FFM downcalls: the JVM runs with --enable-native-access
public final class LinuxTun implements Tun {

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NONBLOCK = 0x800;
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    private static final long TUN_F_CSUM = 0x01;
    private static final long TUN_F_TSO4 = 0x02;
    private static final long TUN_F_TSO6 = 0x04;
    /** struct virtio_net_hdr: flags, gso_type, hdr_len, gso_size, csum_start, csum_offset. */
    public static final int VNET_HDR_SIZE = 10;
    private static final short POLLIN = 0x0001;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int POLL_MILLIS = 100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_LONG = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITEV = handle("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = handle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final String name;
    private final int mtu;
    private final boolean offloads;
    private volatile boolean closed;

    private LinuxTun(int fd, String name, int mtu, boolean offloads) {
        this.fd = fd;
        this.name = name;
        this.mtu = mtu;
        this.offloads = offloads;
    }

    /** Creates (or attaches to) TUN interface {@code name}; the caller sets MTU, addresses and up. */
    public static LinuxTun open(String name, int mtu) throws IOException {
        return open(name, mtu, false);
    }

    public static LinuxTun open(String name, int mtu, boolean multiQueue) throws IOException {
        return open(name, mtu, multiQueue, false);
    }

    /**
     * With {@code offloads}, the interface is opened with IFF_VNET_HDR and TUNSETOFFLOAD
     * (checksum, TSO for IPv4 and IPv6), as wireguard-go does: the kernel then hands over TCP
     * super-packets of up to 64 KiB, each behind a virtio_net_hdr, with the checksum left to
     * us; one read instead of dozens. Without kernel support it falls back to plain packets.
     */
    public static LinuxTun open(String name, int mtu, boolean multiQueue, boolean offloads) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length >= IFNAMSIZ || nameBytes.length == 0) {
            throw new IOException("interface name must be 1 to 15 characters: " + name);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(errno, arena.allocateFrom("/dev/net/tun"), O_RDWR | O_CLOEXEC | O_NONBLOCK);
            if (fd < 0) {
                throw new IOException("open /dev/net/tun: errno " + errno(errno));
            }
            MemorySegment ifr = arena.allocate(IFREQ_SIZE);
            MemorySegment.copy(nameBytes, 0, ifr, JAVA_BYTE_LAYOUT, 0, nameBytes.length);
            short flags = (short) (IFF_TUN | IFF_NO_PI | (multiQueue ? IFF_MULTI_QUEUE : 0) | (offloads ? IFF_VNET_HDR : 0));
            ifr.set(JAVA_SHORT, IFNAMSIZ, flags);
            int rc = (int) IOCTL.invokeExact(errno, fd, TUNSETIFF, ifr);
            if (rc < 0) {
                int e = errno(errno);
                int ignored = (int) CLOSE.invokeExact(fd);
                throw new IOException("ioctl TUNSETIFF " + name + ": errno " + e + (e == 1 ? " (not permitted: needs CAP_NET_ADMIN)" : ""));
            }
            String actual = ifr.getString(0, StandardCharsets.US_ASCII);
            if (offloads) {
                rc = (int) IOCTL_LONG.invokeExact(errno, fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6);
                if (rc < 0) {
                    // IFF_VNET_HDR stays on: packets still come and go behind an (empty) header
                    rc = (int) IOCTL_LONG.invokeExact(errno, fd, TUNSETOFFLOAD, 0L);
                }
            }
            return new LinuxTun(fd, actual, mtu, offloads);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    /** Per-thread errno capture, pollfd and iovecs, so a packet costs no native allocation. */
    private record Scratch(MemorySegment errno, MemorySegment pollfd, MemorySegment iov, MemorySegment emptyHeader) {
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new Scratch(arena.allocate(CAPTURE), arena.allocate(8), arena.allocate(32, 8), arena.allocate(16, 8));
    });

    /** Reads start with a {@value #VNET_HDR_SIZE}-byte virtio_net_hdr; see {@link Tun#vnetHeaderSize}. */
    @Override
    public int vnetHeaderSize() {
        return offloads ? VNET_HDR_SIZE : 0;
    }

    /**
     * The descriptor is non-blocking: under load a packet costs one read; only when the queue is
     * empty does the reader wait in poll, for at most 100 ms so it can notice a close.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (closed) {
            return -1;
        }
        MemorySegment buf = MemorySegment.ofBuffer(dst);
        Scratch s = SCRATCH.get();
        try {
            long n = (long) READ.invokeExact(s.errno, fd, buf, buf.byteSize());
            if (n >= 0) {
                dst.position(dst.position() + (int) n);
                return (int) n;
            }
            int e = errno(s.errno);
            if (e != EAGAIN && e != EINTR) {
                throw new IOException("read " + name + ": errno " + e);
            }
            s.pollfd.set(JAVA_INT, 0, fd);
            s.pollfd.set(JAVA_SHORT, 4, POLLIN);
            s.pollfd.set(JAVA_SHORT, 6, (short) 0);
            int ready = (int) POLL.invokeExact(s.errno, s.pollfd, 1L, POLL_MILLIS);
            if (ready < 0 && errno(s.errno) != EINTR) {
                throw new IOException("poll " + name + ": errno " + errno(s.errno));
            }
            return closed ? -1 : 0;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (offloads) {
            // a plain packet: behind an all-zero header (no GSO, checksum complete)
            writeWithHeader(SCRATCH.get().emptyHeader, src);
            return;
        }
        writeAll(src);
    }

    /** Writes {@code src}, which starts with its own virtio_net_hdr (offloads only). */
    @Override
    public void writeVnet(ByteBuffer src) throws IOException {
        if (!offloads) {
            throw new IOException(name + " has no virtio_net_hdr");
        }
        writeAll(src);
    }

    /** One write(2) of {@code src}'s remaining bytes (a TUN write takes a packet whole or fails). */
    private void writeAll(ByteBuffer src) throws IOException {
        MemorySegment buf = MemorySegment.ofBuffer(src);
        Scratch s = SCRATCH.get();
        try {
            long n = (long) WRITE.invokeExact(s.errno, fd, buf, buf.byteSize());
            if (n < 0) {
                throw new IOException("write " + name + ": errno " + errno(s.errno));
            }
            src.position(src.limit());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private void writeWithHeader(MemorySegment header, ByteBuffer src) throws IOException {
        MemorySegment buf = MemorySegment.ofBuffer(src);
        Scratch s = SCRATCH.get();
        try {
            s.iov.set(JAVA_LONG, 0, header.address());
            s.iov.set(JAVA_LONG, 8, VNET_HDR_SIZE);
            s.iov.set(JAVA_LONG, 16, buf.address());
            s.iov.set(JAVA_LONG, 24, buf.byteSize());
            long n = (long) WRITEV.invokeExact(s.errno, fd, s.iov, 2);
            if (n < 0) {
                throw new IOException("write " + name + ": errno " + errno(s.errno));
            }
            src.position(src.limit());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** Stops readers (within one poll period), then closes the descriptor. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Thread.sleep(POLL_MILLIS + 20);
            int rc = (int) CLOSE.invokeExact(fd);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, ERRNO_OPTION);
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }
}
