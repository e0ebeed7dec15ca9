package io.edgeplane.perf.overlay;

import io.edgeplane.overlay.crypto.Aead;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sealing and opening one 1400-byte transport packet with ChaCha20-Poly1305, as the overlay's
 * send and receive paths do (one reused Cipher per thread, a fresh counter nonce per packet).
 * The peer is the same work with {@code Cipher.getInstance} per packet. Throughput in bytes is
 * 1400 / the time per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SealOpenBenchmark {

    private final Aead aead = new Aead();
    private final SecretKeySpec key = Aead.key(new byte[32]);
    private final ByteBuffer plain = ByteBuffer.allocateDirect(1400);
    private final ByteBuffer sealed = ByteBuffer.allocateDirect(1400 + Aead.TAG_SIZE);
    private final ByteBuffer opened = ByteBuffer.allocateDirect(1400 + Aead.TAG_SIZE);
    private long counter;

    @Setup
    public void setUp() {
        for (int i = 0; i < 1400; i++) {
            plain.put((byte) i);
        }
        plain.flip();
    }

    @Benchmark
    public int sealAndOpenReusedCipher() throws Exception {
        long n = counter++;
        plain.rewind();
        sealed.clear();
        aead.seal(key, n, plain, sealed);
        sealed.flip();
        opened.clear();
        return aead.open(key, n, sealed, opened);
    }

    @Benchmark
    public int sealAndOpenCipherPerPacket() throws Exception {
        long n = counter++;
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        plain.rewind();
        sealed.clear();
        Cipher enc = Cipher.getInstance("ChaCha20-Poly1305");
        enc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        enc.doFinal(plain, sealed);
        sealed.flip();
        opened.clear();
        Cipher dec = Cipher.getInstance("ChaCha20-Poly1305");
        dec.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        return dec.doFinal(sealed, opened);
    }
}
