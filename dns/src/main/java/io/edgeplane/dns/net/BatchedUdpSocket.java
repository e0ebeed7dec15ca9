package io.edgeplane.dns.net;

import static io.edgeplane.dns.net.NativeUdp.IOVEC_SIZE;
import static io.edgeplane.dns.net.NativeUdp.MMSGHDR_SIZE;
import static io.edgeplane.dns.net.NativeUdp.SOCKADDR_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One UDP socket of a listener read by its own thread, a batch at a time:
 * <pre>
 * recvmmsg (up to 32 datagrams, blocking for the first only)
 *   -> each: QueryService.answerNow into its out slot   [the cache hit: no object made]
 *            or a copy handed to the event loop -> QueryService.query -> sendto when answered
 *   -> sendmmsg of the batch's answers, to the senders' own sockaddrs
 * </pre>
 * Two system calls per batch instead of Netty's epoll_wait, a recvmsg per datagram and one more
 * that finds the socket empty, and none of the per-datagram objects (packet, slice, address).
 * The thread blocks, but only in the kernel and only for this socket: it is its own event loop.
 */
final class BatchedUdpSocket implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchedUdpSocket.class.getName());
    static final int BATCH = 32;
    /**
     * Queries and fast answers both fit 4096 bytes (as Netty's receive buffer had it); a longer
     * query is dropped, a longer answer goes the slow way.
     */
    static final int SLOT = 4096;
    private static final int RECEIVE_BUFFER = 1 << 20;
    /** How soon a blocked reader notices a close if the shutdown did not wake it. */
    private static final int WAIT_MILLIS = 200;
    private static final int V4_CACHE = 64;

    private final int fd;
    private final QueryService service;
    private final EventLoop loop;
    private final Thread reader;
    private volatile boolean closed;
    /** Answers being sent from other threads (fetches): the descriptor stays open until they end. */
    private final AtomicInteger sending = new AtomicInteger();

    private BatchedUdpSocket(int fd, QueryService service, EventLoop loop, String name) {
        this.fd = fd;
        this.service = service;
        this.loop = loop;
        this.reader = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    static boolean available() {
        return NativeUdp.AVAILABLE;
    }

    /**
     * Binds (SO_REUSEPORT, so several may share the address) and starts reading.
     *
     * @param loop where queries that are not answered at once are handled, and their fetches run
     */
    static BatchedUdpSocket open(InetSocketAddress address, QueryService service, EventLoop loop, String name)
            throws IOException {
        int fd = NativeUdp.openBound(address, RECEIVE_BUFFER, WAIT_MILLIS);
        BatchedUdpSocket s = new BatchedUdpSocket(fd, service, loop, name);
        s.reader.start();
        return s;
    }

    int port() throws IOException {
        return NativeUdp.localPort(fd);
    }

    /** The reader's memory: headers, addresses and data slots for one batch each way. */
    private static final class Batch {
        final MemorySegment errno;
        final MemorySegment inVec;
        // Every buffer the kernel is given the address of is held in a field: a direct buffer
        // no longer referenced is freed by the GC, and the kernel would write to freed memory.
        final MemorySegment inIov;
        final ByteBuffer inData;
        final ByteBuffer outData;
        final MemorySegment names;
        final MemorySegment outVec;
        final MemorySegment outIov;
        final ByteBuffer[] in = new ByteBuffer[BATCH];
        final ByteBuffer[] out = new ByteBuffer[BATCH];
        /** Callers by address: containers ask again and again, so their objects are kept. */
        final Inet4Address[] callers = new Inet4Address[V4_CACHE];
        /**
         * The query and its answer go through heap buffers, copied in and out (tens of bytes):
         * the slow path and the fetches hand the same code heap buffers, and with two kinds of
         * buffer at its call sites the JIT compiles the hot path for one, then throws it away
         * (an uncommon trap, several milliseconds without answers) when the other shows up.
         */
        final ByteBuffer query = ByteBuffer.allocate(SLOT);
        final ByteBuffer answer = ByteBuffer.allocate(SLOT);

        Batch(Arena arena) {
            errno = arena.allocate(NativeUdp.CAPTURE);
            // All in direct ByteBuffers, not an arena: the segments of a confined arena (and
            // buffers viewing them) check its owner and state on every access, a tenth of this
            // thread's Java time by JFR; these belong to the heap and are always alive.
            inVec = direct(BATCH * MMSGHDR_SIZE);
            inIov = direct(BATCH * IOVEC_SIZE);
            names = direct(BATCH * SOCKADDR_SIZE);
            outVec = direct(BATCH * MMSGHDR_SIZE);
            outIov = direct(BATCH * IOVEC_SIZE);
            inData = ByteBuffer.allocateDirect(BATCH * SLOT);
            outData = ByteBuffer.allocateDirect(BATCH * SLOT);
            long inBase = MemorySegment.ofBuffer(inData).address();
            long outBase = MemorySegment.ofBuffer(outData).address();
            for (int i = 0; i < BATCH; i++) {
                long h = (long) i * MMSGHDR_SIZE;
                long v = (long) i * IOVEC_SIZE;
                inIov.set(JAVA_LONG, v, inBase + (long) i * SLOT);
                inIov.set(JAVA_LONG, v + 8, SLOT);
                inVec.set(JAVA_LONG, h + NativeUdp.MSG_NAME, names.address() + (long) i * SOCKADDR_SIZE);
                inVec.set(JAVA_LONG, h + NativeUdp.MSG_IOV, inIov.address() + v);
                inVec.set(JAVA_LONG, h + NativeUdp.MSG_IOVLEN, 1);
                outIov.set(JAVA_LONG, v, outBase + (long) i * SLOT);
                outVec.set(JAVA_LONG, h + NativeUdp.MSG_IOV, outIov.address() + v);
                outVec.set(JAVA_LONG, h + NativeUdp.MSG_IOVLEN, 1);
                in[i] = inData.slice(i * SLOT, SLOT);
                out[i] = outData.slice(i * SLOT, SLOT);
            }
        }

        private static MemorySegment direct(int size) {
            return MemorySegment.ofBuffer(ByteBuffer.allocateDirect(size));
        }

        /** The kernel writes each name's length and the flags back: reset before every receive. */
        void reset(int slots) {
            for (int i = 0; i < slots; i++) {
                long h = (long) i * MMSGHDR_SIZE;
                inVec.set(JAVA_INT, h + NativeUdp.MSG_NAMELEN, SOCKADDR_SIZE);
                inVec.set(JAVA_INT, h + NativeUdp.MSG_FLAGS, 0);
            }
        }
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            Batch b = new Batch(arena);
            while (!closed) {
                try {
                    receiveAndAnswer(b);
                } catch (RuntimeException e) {
                    // The kernel keeps sending this socket its share of the clients: it must not
                    // stop reading, whatever went wrong with one batch.
                    LOG.log(System.Logger.Level.ERROR, "UDP reader of socket " + fd + ": one batch lost", e);
                    pause();
                }
            }
        }
    }

    private void receiveAndAnswer(Batch b) {
        b.reset(BATCH);
        int n;
        try {
            n = (int) NativeUdp.RECVMMSG.invokeExact(b.errno, fd, b.inVec, BATCH, NativeUdp.MSG_WAITFORONE,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("recvmmsg", t);
        }
        if (n <= 0) {
            int e = n < 0 ? NativeUdp.errno(b.errno) : 0;
            if (!closed && n < 0 && e != NativeUdp.EAGAIN && e != NativeUdp.EINTR) {
                LOG.log(System.Logger.Level.WARNING, "recvmmsg on UDP socket {0}: errno {1}", fd, e);
                pause();
            }
            return;
        }
        int answers = 0;
        for (int i = 0; i < n; i++) {
            answers += answer(b, i, answers);
        }
        if (answers > 0) {
            sendBatch(b, answers);
        }
    }

    /** Answers datagram {@code i} into out slot {@code slot} (1), or passes it to the loop (0). */
    private int answer(Batch b, int i, int slot) {
        long h = (long) i * MMSGHDR_SIZE;
        int length = b.inVec.get(JAVA_INT, h + NativeUdp.MMSG_LEN);
        if ((b.inVec.get(JAVA_INT, h + NativeUdp.MSG_FLAGS) & NativeUdp.MSG_TRUNC) != 0) {
            return 0; // longer than any query this listener takes
        }
        long name = (long) i * SOCKADDR_SIZE;
        int nameLength = b.inVec.get(JAVA_INT, h + NativeUdp.MSG_NAMELEN);
        try {
            InetAddress caller = caller(b, name);
            b.in[i].get(0, b.query.array(), 0, length);
            ByteBuffer query = b.query.clear().limit(length);
            int n = service.answerNow(query, caller, b.answer.clear());
            if (n >= 0) {
                b.out[slot].put(0, b.answer.array(), 0, n);
                long o = (long) slot * MMSGHDR_SIZE;
                b.outIov.set(JAVA_LONG, (long) slot * IOVEC_SIZE + 8, n);
                b.outVec.set(JAVA_LONG, o + NativeUdp.MSG_NAME, b.names.address() + name);
                b.outVec.set(JAVA_INT, o + NativeUdp.MSG_NAMELEN, nameLength);
                return 1;
            }
            handOver(b, length, name, nameLength);
        } catch (RuntimeException | UnknownHostException e) {
            LOG.log(System.Logger.Level.DEBUG, "UDP query dropped: {0}", e.toString());
        }
        return 0;
    }

    private static InetAddress caller(Batch b, long name) throws UnknownHostException {
        if (b.names.get(JAVA_SHORT, name) != NativeUdp.AF_INET) {
            return NativeUdp.readAddress(b.names.asSlice(name, SOCKADDR_SIZE));
        }
        int ip = b.names.get(NativeUdp.INT_BE, name + 4);
        int at = (ip ^ (ip >>> 7) ^ (ip >>> 17)) & (V4_CACHE - 1);
        Inet4Address known = b.callers[at];
        // An Inet4Address's hash code is its address.
        if (known != null && known.hashCode() == ip) {
            return known;
        }
        Inet4Address a = (Inet4Address) InetAddress.getByAddress(
                new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        b.callers[at] = a;
        return a;
    }

    /**
     * Everything the fast path declined (misses, refreshes, errors, refusals, truncation): copied
     * out of the scratch buffer, which the next datagram reuses, and handled on the event loop.
     */
    private void handOver(Batch b, int length, long name, int nameLength) throws UnknownHostException {
        byte[] query = java.util.Arrays.copyOf(b.query.array(), length);
        byte[] to = b.names.asSlice(name, nameLength).toArray(JAVA_BYTE);
        InetSocketAddress sender = NativeUdp.readSockaddr(b.names.asSlice(name, SOCKADDR_SIZE));
        try {
            loop.execute(() -> {
                try {
                    service.query(ByteBuffer.wrap(query), sender, false, loop, response -> sendTo(response, to));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "query from {0} dropped: {1}", sender, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // The loop is shutting down with the listener.
        }
    }

    private void sendBatch(Batch b, int count) {
        int done = 0;
        while (done < count) {
            MemorySegment from = done == 0 ? b.outVec : b.outVec.asSlice((long) done * MMSGHDR_SIZE);
            int sent;
            try {
                sent = (int) NativeUdp.SENDMMSG.invokeExact(b.errno, fd, from, count - done, 0);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (sent > 0) {
                done += sent;
            } else if (sent < 0 && NativeUdp.errno(b.errno) == NativeUdp.EINTR) {
                continue;
            } else {
                // The first message failed (a sender that cannot be reached): skip it alone.
                LOG.log(System.Logger.Level.DEBUG, "sendmmsg: errno {0}", NativeUdp.errno(b.errno));
                done++;
            }
        }
    }

    /** Per sending thread: where a response and its address are copied for the kernel. */
    private static final class SendScratch {
        final MemorySegment errno;
        final MemorySegment data;
        final MemorySegment to;

        SendScratch() {
            Arena arena = Arena.ofAuto();
            errno = arena.allocate(NativeUdp.CAPTURE);
            data = arena.allocate(0x10000, 8);
            to = arena.allocate(SOCKADDR_SIZE, 8);
        }
    }

    private static final ThreadLocal<SendScratch> SEND_SCRATCH = ThreadLocal.withInitial(SendScratch::new);

    /** Sends one response from any thread (a fetch completes on the event loop). */
    private void sendTo(byte[] response, byte[] to) {
        if (response.length > 0xffff) {
            return;
        }
        sending.incrementAndGet();
        try {
            if (closed) {
                return;
            }
            SendScratch s = SEND_SCRATCH.get();
            MemorySegment.copy(response, 0, s.data, JAVA_BYTE, 0, response.length);
            MemorySegment.copy(to, 0, s.to, JAVA_BYTE, 0, to.length);
            long n;
            do {
                n = (long) NativeUdp.SENDTO.invokeExact(s.errno, fd, s.data, (long) response.length, 0, s.to, to.length);
            } while (n < 0 && NativeUdp.errno(s.errno) == NativeUdp.EINTR);
            if (n < 0) {
                LOG.log(System.Logger.Level.DEBUG, "sendto: errno {0}", NativeUdp.errno(s.errno));
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "sendto: {0}", t.toString());
        } finally {
            sending.decrementAndGet();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the reader, waits for sends under way, then releases the port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeUdp.shutdown(fd);
        try {
            reader.join(WAIT_MILLIS * 5L);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (sending.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A reader still blocked here would read a closed (or reused) descriptor: it was
        // given WAIT_MILLIS five times over, and it checks closed on every wake-up.
        NativeUdp.close(fd);
    }
}
