/**
 * The arm registry: the one place where arm names such as {@code maxup-cutout+comhe-rp@copies=8}
 * are parsed ({@link org.gentrain.arms.ArmSpec}), checked against the settings every part declares
 * ({@link org.gentrain.arms.Setting}) and turned into a fresh recipe per run ({@link
 * org.gentrain.arms.Arm}). Technique packages contribute their parts through an {@link
 * org.gentrain.arms.ArmProvider}; users add their own at run time with {@link
 * org.gentrain.arms.ArmRegistry#register}. Builders follow DJL: {@code ArmPart.objective(name)
 * .setDescription(..).optSetting(..).setFactory(..).build()}.
 */
package org.gentrain.arms;
