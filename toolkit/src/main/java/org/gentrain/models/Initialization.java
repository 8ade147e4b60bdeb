package org.gentrain.models;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/** Weight initialisations the models of gentrain use. */
public final class Initialization {

    /**
     * PyTorch's default for convolution and linear weights: uniform on {@code [-b, b]} with {@code
     * b = 1 / sqrt(fan_in)} (Kaiming-uniform with {@code a = sqrt(5)}). DJL's own default,
     * Kaiming-normal with gain 2 on every layer including the classifier, starts the protocol's
     * SmallCNN with logits large enough that SGD at 0.05 with momentum overshoots for its first
     * steps.
     */
    public static final Initializer TORCH_DEFAULT =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

    private Initialization() {}
}
