/**
 * The {@code gentrain} command line (picocli): {@code train}, {@code ablate}, {@code bench},
 * {@code arms} and the rest. Bad arguments get one line and exit code 2 before anything trains.
 */
package org.gentrain.cli;
