package io.edgeplane.proxy.http;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives one {@link ByteToMessageDecoder} in an {@link EmbeddedChannel} whose buffers all come from a
 * leak-tracking allocator: feeds wire text whole, byte by byte or in random pieces, keeps what comes out
 * so it can be released, and checks that every buffer was released.
 */
final class DecoderHarness {

    private final TrackingAllocator alloc = new TrackingAllocator();
    /** Everything read from the channel, released by {@link #assertAllReleased}. */
    private final List<Object> read = new ArrayList<>();
    private EmbeddedChannel channel;
    private ByteToMessageDecoder decoder;

    /** A fresh channel with {@code decoder} first and then {@code after}. */
    void open(ByteToMessageDecoder decoder, ChannelHandler... after) {
        this.decoder = decoder;
        channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder);
        channel.pipeline().addLast(after);
        channel.pipeline().addLast(new KeepHeads());
    }

    /**
     * The response parser refills one head per connection; what a test collects must outlive
     * the next parse, so each head is copied as it leaves the pipeline (after the handlers that
     * act on it while it is handled, as the frontend does).
     */
    private static final class KeepHeads extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.fireChannelRead(msg instanceof UpstreamResponseHead head ? head.copy() : msg);
        }
    }

    ByteBufAllocator alloc() {
        return alloc;
    }

    /** Writes {@code wire} as one buffer and returns what came out. */
    List<Object> feed(String wire) {
        channel.writeInbound(input(bytes(wire)));
        return drain();
    }

    /** Writes {@code wire} one byte per buffer and returns what came out. */
    List<Object> feedBytewise(String wire) {
        for (byte b : bytes(wire)) {
            channel.writeInbound(input(new byte[] {b}));
        }
        return drain();
    }

    /** Writes {@code wire} in pieces of random sizes, mostly small, and returns what came out. */
    List<Object> feedSplit(byte[] wire, Random random) {
        int at = 0;
        while (at < wire.length) {
            int n = Math.min(wire.length - at, random.nextBoolean() ? 1 + random.nextInt(4) : 1 + random.nextInt(64));
            channel.writeInbound(input(Arrays.copyOfRange(wire, at, at + n)));
            at += n;
        }
        return drain();
    }

    /**
     * Feeds fuzz case {@code i} in random pieces, closes the input and hands all that came out to
     * {@code check}; whatever throws fails with the case escaped, so it can be pasted into a test.
     */
    void feedFuzzCase(int i, byte[] input, Random random, BiConsumer<List<Object>, String> check) {
        String context = "case " + i + ": " + Mutations.escape(input);
        try {
            List<Object> out = feedSplit(input, random);
            out.addAll(finish());
            check.accept(out, context);
        } catch (Throwable t) {
            fail(context, t);
        }
    }

    /** Everything the channel has passed on so far, kept to be released later. */
    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (Object m; (m = channel.readInbound()) != null; ) {
            out.add(m);
            read.add(m);
        }
        return out;
    }

    /** Closes the input, as the peer closing would, and returns what then came out. */
    List<Object> finish() {
        channel.finish();
        List<Object> out = drain();
        channel.checkException();
        return out;
    }

    /** Takes the decoder out, as an upgrade does; the bytes it held come out as they were. */
    List<Object> removeDecoder() {
        channel.pipeline().remove(decoder);
        return drain();
    }

    /** Releases what was read and checks no buffer is left; the channel stays as it is. */
    void assertAllReleased() {
        read.forEach(ReferenceCountUtil::release);
        read.clear();
        alloc.assertAllReleased();
    }

    /** Drops the channel with whatever it still holds, then {@link #assertAllReleased}. */
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
            channel = null;
        }
        assertAllReleased();
    }

    /** Reads a buffer the test was given (not one from the channel) and releases it. */
    static String readAndRelease(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    /** The body of each message that ended, in order: what its body buffers held before its {@code end}. */
    static List<String> bodies(List<Object> out, Class<?> end) {
        List<String> bodies = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Object o : out) {
            if (o instanceof ByteBuf b) {
                current.append(b.toString(StandardCharsets.ISO_8859_1));
            } else if (end.isInstance(o)) {
                bodies.add(current.toString());
                current.setLength(0);
            }
        }
        return bodies;
    }

    static byte[] bytes(String wire) {
        return wire.getBytes(StandardCharsets.ISO_8859_1);
    }

    private ByteBuf input(byte[] b) {
        return alloc.heapBuffer(b.length).writeBytes(b);
    }

    /** Unpooled heap buffers, each remembered so a test can check they were all released. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            List<ByteBuf> leaked = allocated.stream().filter(b -> b.refCnt() != 0).toList();
            allocated.clear();
            assertTrue(leaked.isEmpty(), leaked.size() + " buffer(s) not released: " + leaked);
        }
    }
}
