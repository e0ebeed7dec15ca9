/**
 * The primitives of Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s as WireGuard names them: HASH, MAC,
 * HMAC and KDF over BLAKE2s (Bouncy Castle), DH over X25519 with raw little-endian keys (JDK),
 * AEAD over ChaCha20-Poly1305 (JDK, one reused Cipher per thread), XAEAD for cookie replies and
 * TAI64N timestamps. Each is checked against its RFC vectors in the tests.
 */
package io.edgeplane.overlay.crypto;
