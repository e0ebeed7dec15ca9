/**
 * The access log: one line per request in nginx's {@code combined} format plus the upstream
 * address, request time and upstream time, formatted and written by one dedicated thread fed
 * through a bounded lock-free queue, so event loops never format, lock or block on I/O for it.
 */
package io.edgeplane.proxy.log;
