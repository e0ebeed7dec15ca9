package io.edgeplane.overlay.device;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
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
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The overlay's UDP socket through the FFM API, so that one system call carries many datagrams:
 * sends of several equal-size datagrams go out as one {@code sendmsg} with a {@code UDP_SEGMENT}
 * control message (UDP GSO), and with {@code UDP_GRO} on, one {@code recvmsg} returns a run of
 * equal-size datagrams from one sender with their size in a control message. That is how
 * wireguard-go talks to the kernel; over a veth the GSO packet even reaches the peer's socket
 * whole. One dual-stack IPv6 socket (IPv4 peers as v4-mapped addresses), falling back to IPv4
 * when the host has no IPv6. Receives wait at most 100 ms so readers notice {@link #close()}.
 * Needs Linux 5.0 or newer for GRO; without it, datagrams simply arrive one by one.
 */
@SuppressWarnings("restricted") // FFM downcalls: the JVM runs with --enable-native-access
public final class LinuxUdpBind implements Bind {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    private static final int UDP_GRO = 104;
    private static final int SHUT_RDWR = 2;
    private static final int EINTR = 4;
    private static final int EIO = 5;
    private static final int EAGAIN = 11;
    private static final int BUFFER_BYTES = 4 << 20;
    private static final int WAIT_MILLIS = 100;
    /** UDP GSO limits: 64 KiB in one send, at most 64 segments on older kernels. */
    public static final int MAX_GSO_BYTES = 65000;
    public static final int MAX_GSO_SEGMENTS = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = handle("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDMSG = handle("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN = handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    // struct msghdr / iovec / cmsghdr offsets on LP64 Linux
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_FLAGS = 48;
    private static final int MSGHDR_SIZE = 56;
    private static final int SOCKADDR_SIZE = 28;
    private static final int CMSG_HEADER = 16;
    private static final int CONTROL_SIZE = 64;

    private final int fd;
    private final int family;
    private final boolean gro;
    /** Cleared for good when the kernel refuses UDP_SEGMENT (EIO: a device without checksum offload). */
    private volatile boolean gso = true;
    private volatile boolean closed;

    /** Per-thread msghdr, iovec, address, control space and errno: nothing allocated per call. */
    private static final class Scratch {
        final MemorySegment errno;
        final MemorySegment msg;
        final MemorySegment iov;
        final MemorySegment name;
        final MemorySegment control;
        /** Where heap buffers (handshake messages) are copied to, since the kernel needs an address. */
        final ByteBuffer direct = ByteBuffer.allocateDirect(65536);
        /** The last sender and its raw sockaddr, reused while it does not change. */
        final byte[] lastRaw = new byte[SOCKADDR_SIZE];
        final byte[] raw = new byte[SOCKADDR_SIZE];
        InetSocketAddress last;

        Scratch() {
            Arena arena = Arena.ofAuto();
            errno = arena.allocate(CAPTURE);
            msg = arena.allocate(MSGHDR_SIZE, 8);
            iov = arena.allocate(16, 8);
            name = arena.allocate(SOCKADDR_SIZE, 8);
            control = arena.allocate(CONTROL_SIZE, 8);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    public LinuxUdpBind(int port) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int f = AF_INET6;
            int s = (int) SOCKET.invokeExact(errno, AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (s < 0) {
                f = AF_INET;
                s = (int) SOCKET.invokeExact(errno, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            }
            if (s < 0) {
                throw new IOException("socket: errno " + errno(errno));
            }
            this.fd = s;
            this.family = f;
            if (f == AF_INET6) {
                setInt(arena, errno, IPPROTO_IPV6, IPV6_V6ONLY, 0);
            }
            // as root the FORCE variants pass net.core.[rw]mem_max; otherwise ask for what is allowed
            if (!setInt(arena, errno, SOL_SOCKET, SO_RCVBUFFORCE, BUFFER_BYTES)) {
                setInt(arena, errno, SOL_SOCKET, SO_RCVBUF, BUFFER_BYTES);
            }
            if (!setInt(arena, errno, SOL_SOCKET, SO_SNDBUFFORCE, BUFFER_BYTES)) {
                setInt(arena, errno, SOL_SOCKET, SO_SNDBUF, BUFFER_BYTES);
            }
            MemorySegment tv = arena.allocate(16, 8);
            tv.set(JAVA_LONG, 0, 0);
            tv.set(JAVA_LONG, 8, WAIT_MILLIS * 1000L);
            int rc = (int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            this.gro = setInt(arena, errno, SOL_UDP, UDP_GRO, 1);
            MemorySegment sa = arena.allocate(SOCKADDR_SIZE, 8);
            int len;
            if (f == AF_INET6) {
                sa.set(JAVA_SHORT, 0, (short) AF_INET6);
                sa.set(JAVA_SHORT, 2, Short.reverseBytes((short) port));
                len = 28;
            } else {
                sa.set(JAVA_SHORT, 0, (short) AF_INET);
                sa.set(JAVA_SHORT, 2, Short.reverseBytes((short) port));
                len = 16;
            }
            rc = (int) BIND.invokeExact(errno, fd, sa, len);
            if (rc < 0) {
                int e = errno(errno);
                int ignored = (int) CLOSE.invokeExact(errno, fd);
                throw new IOException("bind UDP port " + port + ": errno " + e + (e == 98 ? " (address in use)" : ""));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private boolean setInt(Arena arena, MemorySegment errno, int level, int option, int value) throws Throwable {
        MemorySegment v = arena.allocate(JAVA_INT);
        v.set(JAVA_INT, 0, value);
        return (int) SETSOCKOPT.invokeExact(errno, fd, level, option, v, 4) == 0;
    }

    /** Whether {@link #receiveSegments} can return several datagrams at once. */
    public boolean gro() {
        return gro;
    }

    @Override
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        return receiveSegments(dst, null);
    }

    @Override
    public InetSocketAddress receiveSegments(ByteBuffer dst, int[] segmentSize) throws IOException {
        Scratch s = SCRATCH.get();
        if (!dst.isDirect()) {
            s.direct.clear().limit(Math.min(dst.remaining(), s.direct.capacity()));
            InetSocketAddress from = receiveSegments(s.direct, segmentSize);
            if (from != null) {
                dst.put(s.direct.flip());
            }
            return from;
        }
        MemorySegment buf = MemorySegment.ofBuffer(dst);
        try {
            while (!closed) {
                s.iov.set(JAVA_LONG, 0, buf.address());
                s.iov.set(JAVA_LONG, 8, buf.byteSize());
                prepare(s, SOCKADDR_SIZE, s.control.address(), CONTROL_SIZE);
                long n = (long) RECVMSG.invokeExact(s.errno, fd, s.msg, 0);
                if (n < 0) {
                    int e = errno(s.errno);
                    if (e == EAGAIN || e == EINTR) {
                        continue;
                    }
                    if (closed) {
                        return null;
                    }
                    throw new IOException("recvmsg: errno " + e);
                }
                if (closed) {
                    return null;
                }
                int segment = (int) n;
                long controlLen = s.msg.get(JAVA_LONG, MSG_CONTROLLEN);
                for (long off = 0; off + CMSG_HEADER <= controlLen; ) {
                    long len = s.control.get(JAVA_LONG, off);
                    if (len < CMSG_HEADER) {
                        break;
                    }
                    if (s.control.get(JAVA_INT, off + 8) == SOL_UDP && s.control.get(JAVA_INT, off + 12) == UDP_GRO) {
                        int size = s.control.get(JAVA_INT, off + CMSG_HEADER);
                        if (size > 0 && size < n) {
                            segment = size;
                        }
                    }
                    off += (len + 7) & ~7L;
                }
                if (segmentSize != null) {
                    segmentSize[0] = segment;
                } else if (segment != n) {
                    // a caller that takes one datagram at a time never enables GRO's batches
                    throw new IOException("received " + n + " bytes of " + segment + "-byte datagrams");
                }
                dst.position(dst.position() + (int) n);
                return sender(s);
            }
            return null;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public void send(ByteBuffer src, InetSocketAddress to) throws IOException {
        sendSegments(src, src.remaining(), to);
    }

    /**
     * Sends {@code src}'s remaining bytes as datagrams of {@code segmentSize} bytes (the last may
     * be shorter) in one {@code sendmsg} with UDP_SEGMENT; at most {@link #MAX_GSO_BYTES} bytes
     * and {@link #MAX_GSO_SEGMENTS} datagrams.
     */
    @Override
    public void sendSegments(ByteBuffer src, int segmentSize, InetSocketAddress to) throws IOException {
        Scratch s = SCRATCH.get();
        if (!src.isDirect()) {
            if (src.remaining() > s.direct.capacity()) {
                throw new IOException("datagram too large: " + src.remaining());
            }
            s.direct.clear();
            s.direct.put(src.duplicate()).flip();
            sendSegments(s.direct, segmentSize, to);
            src.position(src.limit());
            return;
        }
        MemorySegment buf = MemorySegment.ofBuffer(src);
        try {
            int nameLen = writeAddress(s.name, to);
            s.iov.set(JAVA_LONG, 0, buf.address());
            s.iov.set(JAVA_LONG, 8, buf.byteSize());
            if (segmentSize < buf.byteSize()) {
                s.control.set(JAVA_LONG, 0, CMSG_HEADER + 2);
                s.control.set(JAVA_INT, 8, SOL_UDP);
                s.control.set(JAVA_INT, 12, UDP_SEGMENT);
                s.control.set(JAVA_SHORT, CMSG_HEADER, (short) segmentSize);
                prepare(s, nameLen, s.control.address(), 24);
            } else {
                prepare(s, nameLen, 0, 0);
            }
            long n;
            do {
                n = (long) SENDMSG.invokeExact(s.errno, fd, s.msg, 0);
            } while (n < 0 && errno(s.errno) == EINTR);
            if (n < 0) {
                int e = errno(s.errno);
                if (e == EIO && segmentSize < buf.byteSize()) {
                    gso = false;
                    Bind.super.sendSegments(src, segmentSize, to);
                    return;
                }
                throw new IOException("sendmsg to " + to + ": errno " + e);
            }
            src.position(src.limit());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static void prepare(Scratch s, int nameLen, long control, long controlLen) {
        MemorySegment m = s.msg;
        m.set(JAVA_LONG, MSG_NAME, s.name.address());
        m.set(JAVA_INT, MSG_NAMELEN, nameLen);
        m.set(JAVA_LONG, MSG_IOV, s.iov.address());
        m.set(JAVA_LONG, MSG_IOVLEN, 1);
        m.set(JAVA_LONG, MSG_CONTROL, control);
        m.set(JAVA_LONG, MSG_CONTROLLEN, controlLen);
        m.set(JAVA_INT, MSG_FLAGS, 0);
    }

    private int writeAddress(MemorySegment sa, InetSocketAddress to) throws IOException {
        InetAddress a = to.getAddress();
        if (a == null) {
            throw new IOException("unresolved endpoint " + to);
        }
        byte[] ip = a.getAddress();
        short port = Short.reverseBytes((short) to.getPort());
        sa.fill((byte) 0);
        if (family == AF_INET6) {
            sa.set(JAVA_SHORT, 0, (short) AF_INET6);
            sa.set(JAVA_SHORT, 2, port);
            if (ip.length == 4) {
                sa.set(JAVA_SHORT, 18, (short) 0xffff);
                MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 20, 4);
            } else {
                MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 8, 16);
            }
            return 28;
        }
        if (ip.length != 4) {
            throw new IOException("no IPv6 on this host: cannot send to " + to);
        }
        sa.set(JAVA_SHORT, 0, (short) AF_INET);
        sa.set(JAVA_SHORT, 2, port);
        MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 4, 4);
        return 16;
    }

    /** The sender of the last receive; the previous object again when the address repeats. */
    private static InetSocketAddress sender(Scratch s) throws UnknownHostException {
        int len = s.msg.get(JAVA_INT, MSG_NAMELEN);
        len = Math.min(len, SOCKADDR_SIZE);
        MemorySegment.copy(s.name, JAVA_BYTE, 0, s.raw, 0, len);
        java.util.Arrays.fill(s.raw, len, SOCKADDR_SIZE, (byte) 0);
        if (s.last != null && java.util.Arrays.equals(s.raw, s.lastRaw)) {
            return s.last;
        }
        ByteBuffer b = ByteBuffer.wrap(s.raw).order(ByteOrder.BIG_ENDIAN);
        int family = Short.toUnsignedInt(Short.reverseBytes(b.getShort(0)));
        int port = Short.toUnsignedInt(b.getShort(2));
        InetAddress address;
        if (family == AF_INET) {
            address = InetAddress.getByAddress(java.util.Arrays.copyOfRange(s.raw, 4, 8));
        } else {
            // v4-mapped addresses come back as Inet4Address, as DatagramChannel reports them
            address = InetAddress.getByAddress(java.util.Arrays.copyOfRange(s.raw, 8, 24));
            if (!(address instanceof Inet4Address) && b.getInt(24) != 0) {
                address = java.net.Inet6Address.getByAddress(null, address.getAddress(), b.getInt(24));
            }
        }
        s.last = new InetSocketAddress(address, port);
        System.arraycopy(s.raw, 0, s.lastRaw, 0, SOCKADDR_SIZE);
        return s.last;
    }

    @Override
    public int port() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment sa = arena.allocate(SOCKADDR_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_SIZE);
            int rc = (int) GETSOCKNAME.invokeExact(errno, fd, sa, len);
            if (rc < 0) {
                return -1;
            }
            return Short.toUnsignedInt(Short.reverseBytes(sa.get(JAVA_SHORT, 2)));
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Stops receivers (within one wait period), then closes the socket. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int ignored = (int) SHUTDOWN.invokeExact(errno, fd, SHUT_RDWR);
            Thread.sleep(WAIT_MILLIS + 20);
            ignored = (int) CLOSE.invokeExact(errno, fd);
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
