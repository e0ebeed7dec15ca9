/** ContainerNet: the WireGuard protocol over TUN and UDP, IPAM. Not built yet (issue 8). */
package io.edgeplane.overlay;
