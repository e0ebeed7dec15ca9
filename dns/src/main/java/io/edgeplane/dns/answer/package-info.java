/**
 * The pure part of ElasticDNS: a configuration snapshot compiled into an
 * {@link io.edgeplane.dns.answer.Answerer} that turns a question and the caller's address into
 * records and says whether the answer depends on the caller. No I/O lives here.
 */
package io.edgeplane.dns.answer;
