/**
 * Complement objective training (Chen et al., ICLR 2019) and guided complement entropy (Chen et
 * al., ICCV 2019): losses that flatten the wrong classes' probabilities, as DJL {@code Loss}es
 * and objectives. Registers {@code cot}, {@code cot-single} and {@code gce}.
 */
package org.gentrain.complement;
