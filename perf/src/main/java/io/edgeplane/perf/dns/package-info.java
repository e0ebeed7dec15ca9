/** JMH benchmarks of ElasticDNS hot paths: the node client answering from its cache. */
package io.edgeplane.perf.dns;
