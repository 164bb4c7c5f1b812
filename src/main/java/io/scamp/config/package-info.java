/**
 * The SCAMP configuration (SCAMP.md §9): {@link io.scamp.config.ScampConfig} finds and reads
 * the {@code key = value} file, gives typed access with the protocol's defaults, and falls
 * back to an embedded default (loopback, a local {@link io.scamp.config.StateDirectory}) so a
 * single machine works with no configuration at all. Discovery, authorization and the
 * {@code scamp} command take their paths and addresses from here.
 */
package io.scamp.config;
