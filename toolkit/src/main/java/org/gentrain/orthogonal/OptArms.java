package org.gentrain.orthogonal;

import java.util.ArrayList;
import java.util.List;
import org.gentrain.arms.ArmPart;
import org.gentrain.arms.ArmProvider;
import org.gentrain.arms.Setting;

/**
 * OPT's arms, one transform per method (Liu et al., 2021): {@code opt-gs}, {@code opt-cayley},
 * {@code opt-householder}, {@code opt-lowdin}, {@code opt-ogd}, {@code opt-soft} and {@code
 * opt-stochastic}.
 */
public final class OptArms implements ArmProvider {

    private static final List<Setting> COMMON = List.of(
            Setting.choice(
                    "layers",
                    "conv",
                    List.of("conv", "all"),
                    "conv: every convolution (linear layers where there are none); all: convolutions and linear layers"),
            Setting.choice(
                    "classifier",
                    "train",
                    List.of("train", "opt"),
                    "train the classifier as usual, or over-parameterise it too"));

    private static final List<String[]> METHODS = List.of(
            new String[] {"gs", "Q from Gram-Schmidt of a learned R"},
            new String[] {"cayley", "Q = (I + S)(I - S)^-1, S the skew-symmetric part of a learned R (Cayley)"},
            new String[] {"householder", "Q as a product of Householder reflections of a learned R"},
            new String[] {"lowdin", "Q = U V^T, the polar factor of a learned R (Lowdin)"},
            new String[] {"ogd", "Q updated on the orthogonal group (tangent projection, Cayley retraction)"},
            new String[] {"soft", "W = R W0 with the penalty ||R R^T - I||^2"},
            new String[] {"stochastic", "a random block of dimensions rotated per step, folded into Q"});

    @Override
    public List<ArmPart> parts() {
        List<ArmPart> parts = new ArrayList<>();
        for (String[] method : METHODS) {
            List<Setting> settings = new ArrayList<>(COMMON);
            if (method[0].equals("soft")) {
                settings.add(Setting.real("penalty", 1e-2, 0, 1e6, "weight of the orthogonality penalty"));
            }
            if (method[0].equals("stochastic")) {
                settings.add(Setting.integer("block-size", 32, 2, 1_000_000, "dimensions rotated per step"));
            }
            String name = method[0];
            parts.add(ArmPart.transform("opt-" + name)
                    .setDescription("orthogonal over-parameterised training: " + method[1])
                    .optSettings(settings)
                    .setFactory(o -> OptTransform.of(name, o))
                    .build());
        }
        return parts;
    }
}
