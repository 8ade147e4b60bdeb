/**
 * Orthogonal over-parameterised training, OPT (Liu et al., 2021): layers whose weights are an
 * orthogonal transform of fixed random neurons, so their hyperspherical energy never changes.
 * Registers one {@code opt-<method>} transform per method.
 */
package org.gentrain.orthogonal;
