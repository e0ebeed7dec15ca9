/**
 * The control API (SPEC §5): a small Netty HTTP/JSON server on {@code control.listen} through
 * which an orchestrator changes the registry, followers long-poll it, and {@code edge status} and
 * {@code edge reload} talk to the local node.
 *
 * <p>Event loops only parse, check the token, route and write; anything that touches the disk
 * or parses a body runs on virtual threads, and a long-poll parks a callback, not a thread. A
 * change is acknowledged (2xx) only once the registry has it on disk. Callers other than
 * 127.0.0.1 and ::1 must send {@code Authorization: Bearer <control.token_file>}.
 */
package io.edgeplane.edge.control;
