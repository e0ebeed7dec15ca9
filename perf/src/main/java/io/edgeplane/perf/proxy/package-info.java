/** JMH benchmarks of the proxy hot paths: host matching, upstream selection. */
package io.edgeplane.perf.proxy;
