package org.gentrain.ablation;

/**
 * How one arm x seed run ended.
 *
 * @param arm the arm's name
 * @param seed the seed
 * @param diverged whether a loss became non-finite
 * @param message what happened, naming arm, seed, epoch and step for a divergence; empty otherwise
 */
public record RunStatus(String arm, long seed, boolean diverged, String message) implements java.io.Serializable {}
