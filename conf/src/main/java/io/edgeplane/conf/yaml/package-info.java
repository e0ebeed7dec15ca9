/**
 * Reading the YAML files into the model: SnakeYAML composes a node tree (which keeps every
 * value's line and column), and one parser per file walks it, reporting each problem where it
 * stands and carrying on, so a file with five mistakes yields five located errors.
 */
package io.edgeplane.conf.yaml;
