/**
 * The configuration as immutable records: services (service.yml), what runs where
 * (inventory.yml), this server's settings (edge.yml) and {@link io.edgeplane.conf.model.Config},
 * the three together. Records here hold parsed, typed values and no source positions; where a
 * value came from lives in {@link io.edgeplane.conf.yaml.SourceMap}, so two configurations that
 * mean the same thing are {@code equals} even when their files are laid out differently.
 */
package io.edgeplane.conf.model;
