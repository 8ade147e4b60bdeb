/**
 * Minimum hyperspherical energy (Liu et al., 2018) and its compressive variants (Lin et al., 2020)
 * as regularisers of every convolution and linear layer, and the energy tracker probe. Registers
 * {@code mhe} and the {@code comhe-*} arms.
 */
package org.gentrain.energy;
