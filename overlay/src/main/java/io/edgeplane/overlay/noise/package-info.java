/**
 * The WireGuard handshake (Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s): message formats, the
 * initiator and responder steps, mac1/mac2 and cookies, transport keypairs and their replay
 * window. No I/O here: the device feeds bytes in and sends what comes out.
 */
package io.edgeplane.overlay.noise;
