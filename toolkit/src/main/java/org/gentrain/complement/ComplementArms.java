package org.gentrain.complement;

import java.util.List;
import java.util.Optional;
import org.gentrain.arms.ArmPart;
import org.gentrain.arms.ArmProvider;
import org.gentrain.arms.Setting;
import org.gentrain.data.Cifar100;
import org.gentrain.data.DataFormatException;
import org.gentrain.data.LabelGroups;

/** The complement objectives' arms: {@code cot}, {@code cot-single}, {@code gce} and {@code hcot}. */
public final class ComplementArms implements ArmProvider {

    @Override
    public List<ArmPart> parts() {
        return List.of(
                ArmPart.objective("cot")
                        .setDescription("complement objective training (Chen et al., 2019): a cross-entropy step, "
                                + "then a complement-entropy step with its own optimizer")
                        .setFactory(o -> ComplementObjectiveTraining.builder().build())
                        .build(),
                ArmPart.objective("cot-single")
                        .setDescription(
                                "one step on cross-entropy + gamma * complement entropy (a variant, not the paper's)")
                        .optSetting(Setting.positive("gamma", 1.0, 1000, "weight of the complement entropy"))
                        .setFactory(o -> ComplementObjectiveTraining.builder()
                                .optSingleStep(o.getDouble("gamma"))
                                .build())
                        .build(),
                ArmPart.objective("gce")
                        .setDescription("guided complement entropy alone (Chen et al., ICCV 2019)")
                        .optSetting(Setting.real(
                                "alpha",
                                GuidedComplementEntropy.DEFAULT_ALPHA,
                                0,
                                100,
                                "exponent of the true class's probability that guides the flattening"))
                        .setFactory(o -> new GuidedComplementObjective(o.getDouble("alpha")))
                        .build(),
                ArmPart.objective("hcot")
                        .setDescription(
                                "hierarchical COT (Chen et al., 2019): a cross-entropy step, then a step on the "
                                        + "inner + outer complement entropies of a label tree with its own optimizer")
                        .optSetting(Setting.text(
                                "groups",
                                "fashion-mnist",
                                "the label tree: fashion-mnist (tops, "
                                        + "bottoms, footwear, bags), cifar100 (its 20 coarse classes, read from the installed "
                                        + "data), or the classes of each group as in 0,2,4,6|1,3|5,7,9|8"))
                        .setFactory(o -> HierarchicalComplementObjectiveTraining.builder()
                                .setGroups(groups(o.getString("groups")))
                                .build())
                        .build());
    }

    private static LabelGroups cifar100;

    /** The label tree a {@code groups} setting names; CIFAR-100's is read once from its files. */
    static synchronized LabelGroups groups(String text) {
        if (!text.strip().equalsIgnoreCase("cifar100")) {
            return LabelGroups.parse(text);
        }
        if (cifar100 == null) {
            try {
                cifar100 = Cifar100.load(Optional.empty()).labelGroups();
            } catch (DataFormatException e) {
                throw new IllegalArgumentException(
                        "groups=cifar100 needs CIFAR-100's coarse labels: " + e.getMessage(), e);
            }
        }
        return cifar100;
    }
}
