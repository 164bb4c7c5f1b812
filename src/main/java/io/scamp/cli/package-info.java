/**
 * The {@code scamp} command ({@link io.scamp.cli.ScampCommand}): run a service, send a
 * request, list and watch the directory, verify a cache file, run a cache manager, make keys and
 * tickets, and a demo. It is a program built on the library, not library API: its classes,
 * options and output may change at any time, and applications should not depend on them.
 */
package io.scamp.cli;
