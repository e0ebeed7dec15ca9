#!/usr/bin/env python3
"""Independent reference for the WireGuard handshake known-answer test (handshake.properties).

Written from the WireGuard paper (sections 5.4.2-5.4.6) with Python's hashlib.blake2s and the
`cryptography` package (X25519, ChaCha20-Poly1305), sharing no code with the Java side.
Re-run: python3 wireguard_kat.py > handshake.properties
"""
import hashlib, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives import serialization

RAW = serialization.Encoding.Raw

def HASH(*parts): return hashlib.blake2s(b"".join(parts)).digest()
def MAC(key, data): return hashlib.blake2s(data, digest_size=16, key=key).digest()
def HMAC(key, data): return hmac.new(key, data, hashlib.blake2s).digest()
def KDF(n, key, data):
    t0 = HMAC(key, data); out = []; prev = b""
    for i in range(1, n + 1):
        prev = HMAC(t0, prev + bytes([i])); out.append(prev)
    return out
def pub(priv): return X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
def DH(priv, pubk): return X25519PrivateKey.from_private_bytes(priv).exchange(X25519PublicKey.from_public_bytes(pubk))
def AEAD(key, counter, pt, ad): return ChaCha20Poly1305(key).encrypt(b"\0" * 4 + counter.to_bytes(8, "little"), pt, ad)
def clamp(k):
    k = bytearray(k); k[0] &= 248; k[31] &= 127; k[31] |= 64; return bytes(k)

CONSTRUCTION = b"Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s"
IDENTIFIER = b"WireGuard v1 zx2c4 Jason@zx2c4.com"
Ci = HASH(CONSTRUCTION); Hi = HASH(Ci, IDENTIFIER)

si = clamp(bytes(range(1, 33)));          Si = pub(si)
sr = clamp(bytes(range(33, 65)));         Sr = pub(sr)
ei = clamp(bytes(range(65, 97)));         Ei = pub(ei)
er = clamp(bytes(range(97, 129)));        Er = pub(er)
psk = bytes(range(129, 161))
timestamp = bytes.fromhex("400000006553f100" "00000000")
sender_i, sender_r = 0x11223344, 0x55667788

# initiation
C, H = Ci, HASH(Hi, Sr)
C = KDF(1, C, Ei)[0]; H = HASH(H, Ei)
C, k = KDF(2, C, DH(ei, Sr)); enc_static = AEAD(k, 0, Si, H); H = HASH(H, enc_static)
C, k = KDF(2, C, DH(si, Sr)); enc_ts = AEAD(k, 0, timestamp, H); H = HASH(H, enc_ts)
init = bytes([1, 0, 0, 0]) + sender_i.to_bytes(4, "little") + Ei + enc_static + enc_ts
init += MAC(HASH(b"mac1----", Sr), init) + b"\0" * 16
# response
C = KDF(1, C, Er)[0]; H = HASH(H, Er)
C = KDF(1, C, DH(er, Ei))[0]
C = KDF(1, C, DH(er, Si))[0]
C, tau, k = KDF(3, C, psk); H = HASH(H, tau)
empty = AEAD(k, 0, b"", H); H = HASH(H, empty)
resp = bytes([2, 0, 0, 0]) + sender_r.to_bytes(4, "little") + sender_i.to_bytes(4, "little") + Er + empty
resp += MAC(HASH(b"mac1----", Si), resp) + b"\0" * 16
t_send_i, t_recv_i = KDF(2, C, b"")
# a transport message from initiator to responder, counter 0, padded to 16
payload = bytes.fromhex("4500001c000040004001" "0000" "0a200101" "0a200201") + bytes(8)
padded = payload + b"\0" * ((-len(payload)) % 16)
transport = bytes([4, 0, 0, 0]) + sender_r.to_bytes(4, "little") + (0).to_bytes(8, "little") + AEAD(t_send_i, 0, padded, b"")

for name, v in [("initiator.private", si), ("responder.private", sr), ("initiator.ephemeral", ei),
                ("responder.ephemeral", er), ("psk", psk), ("timestamp", timestamp),
                ("initiator.public", Si), ("responder.public", Sr),
                ("initiation", init), ("response", resp), ("initiator.send", t_send_i),
                ("initiator.receive", t_recv_i), ("payload", payload), ("transport", transport)]:
    print(f"{name}={v.hex()}")
print(f"initiator.index={sender_i}")
print(f"responder.index={sender_r}")
