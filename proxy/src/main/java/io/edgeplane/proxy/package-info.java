/** The Netty data plane: HTTP, HTTPS, TCP and UDP listeners, routing, upstream pools. */
package io.edgeplane.proxy;
