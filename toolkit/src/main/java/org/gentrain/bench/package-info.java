/**
 * The benchmark protocol of {@code shared/bench/PROTOCOL.md}: step times of arms as ratios to ERM in
 * one process, after an untimed warm-up.
 */
package org.gentrain.bench;
