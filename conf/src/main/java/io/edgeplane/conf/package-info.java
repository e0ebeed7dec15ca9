/**
 * Entry points of the configuration: {@link io.edgeplane.conf.ConfigLoader} reads the three
 * files into a {@link io.edgeplane.conf.model.Config} and reports every {@link
 * io.edgeplane.conf.Problem} at once, each located in its file.
 */
package io.edgeplane.conf;
