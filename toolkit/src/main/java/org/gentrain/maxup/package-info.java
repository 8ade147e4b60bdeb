/**
 * MaxUp (Gong et al., 2020): training on the worst of m augmented copies of each example, with a
 * fast schedule that scores copies without a gradient graph. Registers the arms {@code maxup},
 * {@code maxup-cutout}, {@code maxup-gauss} and {@code maxup-cutout-exact}.
 */
package org.gentrain.maxup;
