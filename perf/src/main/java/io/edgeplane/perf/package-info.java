/** JMH micro-benchmarks of the hot paths. */
package io.edgeplane.perf;
