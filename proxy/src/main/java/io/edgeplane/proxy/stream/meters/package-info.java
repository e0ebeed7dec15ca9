/**
 * The stream proxy's meters: {@link io.edgeplane.proxy.stream.meters.StreamMeters} resolves one
 * {@link io.edgeplane.proxy.stream.meters.StreamCounters} per service and protocol when a table is
 * compiled, so relaying a read batch costs one adder increment and no tag lookup. Without a
 * registry every counter is {@link io.edgeplane.proxy.stream.meters.StreamCounters#NONE}.
 */
package io.edgeplane.proxy.stream.meters;
