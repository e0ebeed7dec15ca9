/**
 * Checks that look across the whole configuration rather than at one value: host ports claimed
 * twice, services sharing a port without names that tell them apart, containers naming unknown
 * services or servers, duplicate ids. The parsers check each value where it stands.
 */
package io.edgeplane.conf.check;
