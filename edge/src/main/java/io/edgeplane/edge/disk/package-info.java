/** Small files the node keeps beside the registry's state, written so that a crash leaves the old or the new whole. */
package io.edgeplane.edge.disk;
