package io.edgeplane.dns.net;

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
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The Linux socket calls {@link BatchedUdpSocket} needs, through the FFM API: {@code recvmmsg}
 * and {@code sendmmsg} move a whole batch of datagrams per system call, which Netty's epoll
 * channel does not do for receives of small datagrams. Also the struct layouts (LP64) and the
 * sockaddr conversions. {@link #AVAILABLE} is false off Linux x86-64/aarch64 or when native
 * access is denied; the listener then stays on Netty.
 */
@SuppressWarnings("restricted") // FFM downcalls: the JVM runs with --enable-native-access
final class NativeUdp {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SHUT_RDWR = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    /** recvmmsg: block for the first datagram only, then take what is queued. */
    static final int MSG_WAITFORONE = 0x10000;
    /** msg_flags: the datagram was longer than the buffer. */
    static final int MSG_TRUNC = 0x20;

    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_REUSEPORT = 15;
    private static final int SO_RCVTIMEO = 20;

    // struct msghdr / mmsghdr / iovec on LP64 Linux
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    /** mmsghdr.msg_len, after the 56-byte msghdr. */
    static final int MMSG_LEN = 56;
    static final int MMSGHDR_SIZE = 64;
    static final int IOVEC_SIZE = 16;
    /** sockaddr_in6, the larger of the two, rounded up. */
    static final int SOCKADDR_SIZE = 32;

    static final ValueLayout.OfInt INT_BE = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);
    static final ValueLayout.OfShort SHORT_BE = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);

    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static final boolean AVAILABLE;
    static final MethodHandle SOCKET;
    static final MethodHandle SETSOCKOPT;
    static final MethodHandle BIND;
    static final MethodHandle GETSOCKNAME;
    static final MethodHandle RECVMMSG;
    static final MethodHandle SENDMMSG;
    static final MethodHandle SENDTO;
    static final MethodHandle SHUTDOWN;
    static final MethodHandle CLOSE;

    static {
        MethodHandle[] h = new MethodHandle[9];
        boolean ok;
        try {
            String arch = System.getProperty("os.arch", "");
            if (!System.getProperty("os.name", "").startsWith("Linux")
                    || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                throw new UnsupportedOperationException("not LP64 Linux");
            }
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            h[0] = handle(linker, libc, errno, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
            h[1] = handle(linker, libc, errno, "setsockopt",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
            h[2] = handle(linker, libc, errno, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
            h[3] = handle(linker, libc, errno, "getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            h[4] = handle(linker, libc, errno, "recvmmsg",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
            h[5] = handle(linker, libc, errno, "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
            h[6] = handle(linker, libc, errno, "sendto",
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
            h[7] = handle(linker, libc, errno, "shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            h[8] = handle(linker, libc, errno, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            ok = true;
        } catch (RuntimeException | Error e) {
            // No FFM linker, no such symbol, or native access denied: Netty's channel it is.
            ok = false;
        }
        AVAILABLE = ok;
        SOCKET = h[0];
        SETSOCKOPT = h[1];
        BIND = h[2];
        GETSOCKNAME = h[3];
        RECVMMSG = h[4];
        SENDMMSG = h[5];
        SENDTO = h[6];
        SHUTDOWN = h[7];
        CLOSE = h[8];
    }

    private NativeUdp() {
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, Linker.Option errno, String name,
                                       FunctionDescriptor fd) {
        return linker.downcallHandle(libc.find(name).orElseThrow(), fd, errno);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /**
     * A UDP socket bound to {@code address}, with SO_REUSEPORT (several sockets share the port,
     * the kernel spreads queries over them) and a receive timeout so a reader notices a close.
     */
    static int openBound(InetSocketAddress address, int receiveBuffer, int timeoutMillis) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int family = address.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
            int fd = (int) SOCKET.invokeExact(errno, family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket: errno " + errno(errno));
            }
            try {
                MemorySegment one = arena.allocate(JAVA_INT);
                one.set(JAVA_INT, 0, 1);
                check((int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_REUSEPORT, one, 4), errno, "SO_REUSEPORT");
                MemorySegment size = arena.allocate(JAVA_INT);
                size.set(JAVA_INT, 0, receiveBuffer);
                check((int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVBUF, size, 4), errno, "SO_RCVBUF");
                MemorySegment tv = arena.allocate(16, 8);
                tv.set(JAVA_LONG, 0, timeoutMillis / 1000);
                tv.set(JAVA_LONG, 8, (timeoutMillis % 1000) * 1000L);
                check((int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16), errno, "SO_RCVTIMEO");
                MemorySegment sa = arena.allocate(SOCKADDR_SIZE, 8);
                int len = writeSockaddr(sa, address);
                if ((int) BIND.invokeExact(errno, fd, sa, len) < 0) {
                    int e = errno(errno);
                    throw new IOException("cannot bind UDP " + address + ": errno " + e
                            + (e == 98 ? " (address in use)" : ""));
                }
                return fd;
            } catch (IOException | RuntimeException e) {
                close(fd);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static void check(int rc, MemorySegment errno, String what) throws IOException {
        if (rc < 0) {
            throw new IOException("setsockopt " + what + ": errno " + errno(errno));
        }
    }

    /** The port the socket is bound to. */
    static int localPort(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment sa = arena.allocate(SOCKADDR_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_SIZE);
            if ((int) GETSOCKNAME.invokeExact(errno, fd, sa, len) < 0) {
                throw new IOException("getsockname: errno " + errno(errno));
            }
            return Short.toUnsignedInt(sa.get(SHORT_BE, 2));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Wakes a reader blocked on the socket (a UDP socket is woken though "not connected"). */
    static void shutdown(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.invokeExact(arena.allocate(CAPTURE), fd, SHUT_RDWR);
        } catch (Throwable ignored) {
            // closing anyway
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }

    /** Writes {@code address} as a sockaddr_in or sockaddr_in6 at {@code sa}; returns its length. */
    static int writeSockaddr(MemorySegment sa, InetSocketAddress address) {
        sa.asSlice(0, SOCKADDR_SIZE).fill((byte) 0);
        InetAddress a = address.getAddress();
        byte[] ip = a.getAddress();
        if (a instanceof Inet4Address) {
            sa.set(JAVA_SHORT, 0, (short) AF_INET);
            sa.set(SHORT_BE, 2, (short) address.getPort());
            MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 4, 4);
            return 16;
        }
        sa.set(JAVA_SHORT, 0, (short) AF_INET6);
        sa.set(SHORT_BE, 2, (short) address.getPort());
        MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 8, 16);
        sa.set(JAVA_INT, 24, ((Inet6Address) a).getScopeId());
        return 28;
    }

    /** The family of the sockaddr at {@code sa}. */
    static int family(MemorySegment sa) {
        return Short.toUnsignedInt(sa.get(JAVA_SHORT, 0));
    }

    /** The sockaddr at {@code sa} as an address and port (v4-mapped IPv6 comes back as IPv4). */
    static InetSocketAddress readSockaddr(MemorySegment sa) throws UnknownHostException {
        int port = Short.toUnsignedInt(sa.get(SHORT_BE, 2));
        return new InetSocketAddress(readAddress(sa), port);
    }

    static InetAddress readAddress(MemorySegment sa) throws UnknownHostException {
        if (family(sa) == AF_INET) {
            return InetAddress.getByAddress(sa.asSlice(4, 4).toArray(JAVA_BYTE));
        }
        InetAddress a = InetAddress.getByAddress(sa.asSlice(8, 16).toArray(JAVA_BYTE));
        int scope = sa.get(JAVA_INT, 24);
        return a instanceof Inet6Address && scope != 0 ? Inet6Address.getByAddress(null, a.getAddress(), scope) : a;
    }
}
