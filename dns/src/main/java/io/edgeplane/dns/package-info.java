/** ElasticDNS: the central answerer and the caching node client. Not built yet (issue 7). */
package io.edgeplane.dns;
