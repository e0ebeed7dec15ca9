/** Keys as wg writes them: base64 of 32 raw bytes; genkey/pubkey/genpsk and 0600 key files. */
package io.edgeplane.overlay.keys;
