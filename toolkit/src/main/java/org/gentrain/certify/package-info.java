/**
 * Randomized smoothing (Cohen et al., 2019): prediction and certification of a model trained with
 * Gaussian noise, with a Clopper-Pearson bound on the top class.
 */
package org.gentrain.certify;
