/**
 * IPAM for ContainerNet, as pure functions of what is already assigned: a slice of
 * overlay.network per server and addresses of that slice per container. Existing assignments
 * never move, so handing the last result back after a restart gives the same answer.
 */
package io.edgeplane.overlay.ipam;
