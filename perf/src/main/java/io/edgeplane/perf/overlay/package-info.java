/** JMH benchmarks of ContainerNet hot paths: sealing and opening transport packets. */
package io.edgeplane.perf.overlay;
