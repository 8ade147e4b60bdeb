package org.gentrain.arms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gentrain.augment.Cutout;
import org.gentrain.augment.GaussianNoise;
import org.gentrain.maxup.MaxUp;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.ErmObjective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;

class ArmRegistryTest {

    private final ArmRegistry registry = ArmRegistry.withBuiltIns();

    private String rejection(List<String> arms, ArmOptions shared) {
        return assertThrows(IllegalArgumentException.class, () -> registry.resolveAll(arms, shared))
                .getMessage();
    }

    private String rejection(String arm) {
        return rejection(List.of(arm), ArmOptions.defaults());
    }

    @Test
    void everyTechniqueRegistersItselfThroughItsProvider() {
        assertTrue(
                registry.names()
                        .containsAll(List.of(
                                "erm",
                                "maxup",
                                "maxup-cutout",
                                "maxup-gauss",
                                "maxup-cutout-exact",
                                "cot",
                                "cot-single",
                                "gce",
                                "mhe",
                                "comhe-rp",
                                "comhe-group",
                                "comhe-ap",
                                "comhe-adv",
                                "opt-gs",
                                "opt-cayley",
                                "opt-householder",
                                "opt-lowdin",
                                "opt-ogd",
                                "opt-soft",
                                "opt-stochastic")),
                registry.names().toString());
        assertEquals(1, registry.probes().size(), "the energy tracker");
    }

    @Test
    void anArmComposesOneObjectiveWithRegularisersAndTransforms() {
        Recipe recipe = registry.resolve("maxup-cutout+comhe-rp+opt-cayley").newRecipe();
        assertEquals("maxup-cutout+comhe-rp+opt-cayley", recipe.name());
        assertEquals(1, recipe.regularizers().size());
        assertEquals(1, recipe.transforms().size());
        assertEquals("erm+mhe", registry.resolve("mhe").newRecipe().name(), "erm is the default objective");
    }

    @Test
    void everyRunGetsAFreshRecipe() {
        Arm arm = registry.resolve("maxup-cutout+comhe-rp+opt-cayley");
        Recipe first = arm.newRecipe();
        Recipe second = arm.newRecipe();
        assertNotSame(first.objective(), second.objective());
        assertNotSame(first.regularizers().get(0), second.regularizers().get(0));
        assertNotSame(first.transforms().get(0), second.transforms().get(0));
    }

    @Test
    void anArmsOwnSettingsReachItsParts() {
        Arm arm = registry.resolve("maxup@copies=8@augment=gauss@sigma=0.5@lr=0.02");
        MaxUp maxUp = (MaxUp) arm.newRecipe().objective();
        assertEquals(8, maxUp.copies());
        assertEquals(0.5, ((GaussianNoise) maxUp.augmentation()).sigma(), 0);
        assertEquals(0.02f, arm.optimizer(OptimizerSettings.PROTOCOL).learningRate(), 0);
        assertEquals(
                0.05f,
                registry.resolve("maxup").optimizer(OptimizerSettings.PROTOCOL).learningRate(),
                0);
    }

    @Test
    void sharedSettingsReachEveryArmThatReadsThem() {
        List<Arm> arms = registry.resolveAll(
                List.of("erm", "maxup", "maxup-gauss"), ArmOptions.defaults().with("copies", "2"));
        assertEquals(2, ((MaxUp) arms.get(1).newRecipe().objective()).copies());
        assertEquals(2, ((MaxUp) arms.get(2).newRecipe().objective()).copies());
        assertEquals(Map.of(), arms.get(0).settings());
        assertEquals("2", arms.get(1).settings().get("copies"));
    }

    @Test
    void aPresetsFixedSettingCannotBeOverridden() {
        assertEquals(
                "arm 'maxup-cutout@augment=gauss': maxup-cutout fixes augment=cutout; name a part that reads "
                        + "augment instead, such as maxup@augment=gauss",
                rejection("maxup-cutout@augment=gauss"));
        assertEquals(
                "setting augment=gauss contradicts arm maxup-cutout, whose part maxup-cutout fixes augment=cutout; "
                        + "give it to an arm as @augment=gauss instead",
                rejection(
                        List.of("maxup", "maxup-cutout"), ArmOptions.defaults().with("augment", "gauss")));
        assertTrue(((MaxUp) registry.resolve("maxup-cutout").newRecipe().objective()).augmentation() instanceof Cutout);
    }

    @Test
    void aKeyNoPartReadsIsRejectedWithTheArmsKeys() {
        assertEquals(
                "arm 'gce@copies=4': gce has no setting copies; its settings: alpha and lr", rejection("gce@copies=4"));
        assertEquals(
                "arm 'erm@sigma=1': erm has no setting sigma; its settings: none and lr", rejection("erm@sigma=1"));
        assertEquals(
                "setting cutout.size is not read by any of the arms erm, maxup-cutout; their settings: copies, "
                        + "cutout-size, image-size, schedule, warmup-epochs",
                rejection(List.of("erm", "maxup-cutout"), ArmOptions.defaults().with("cutout.size", "4")));
        assertEquals(
                "setting copies is not read by arm cot; its settings: none",
                rejection(List.of("cot"), ArmOptions.defaults().with("copies", "4")));
    }

    @Test
    void aDeclaredKeyThatTheseSettingsLeaveUnreadIsRejected() {
        assertEquals(
                "arm 'maxup-cutout@sigma=0.5': sigma has no effect with these settings (maxup-cutout, "
                        + "augment=cutout); the settings it reads: copies, cutout-size, image-size, schedule, warmup-epochs and lr",
                rejection("maxup-cutout@sigma=0.5"));
        assertEquals(
                "arm 'opt-cayley@block-size=8': opt-cayley has no setting block-size; its settings: classifier, "
                        + "layers and lr",
                rejection("opt-cayley@block-size=8"));
    }

    @Test
    void valuesOutOfRangeNameTheKeyAndTheAllowedValues() {
        assertEquals(
                "arm 'maxup@copies=0': copies must be an integer in [1, 1024], was '0'", rejection("maxup@copies=0"));
        assertEquals(
                "arm 'maxup@copies=four': copies must be an integer in [1, 1024], was 'four'",
                rejection("maxup@copies=four"));
        assertEquals(
                "arm 'maxup@schedule=slow': schedule must be one of fast, exact, was 'slow'",
                rejection("maxup@schedule=slow"));
        assertEquals("arm 'mhe@power=3': power must be one of 0, 1, 2, a0, a1, a2, was '3'", rejection("mhe@power=3"));
        assertEquals("arm 'erm@lr=-1': lr must be a number > 0, was '-1'", rejection("erm@lr=-1"));
        assertEquals(
                "arm 'maxup': copies must be an integer in [1, 1024], was '0'",
                rejection(List.of("maxup"), ArmOptions.defaults().with("copies", "0")));
        assertTrue(
                rejection("maxup@augment=rotate").startsWith("arm 'maxup@augment=rotate': augment must be one of"),
                rejection("maxup@augment=rotate"));
    }

    @Test
    void unknownPartsAndTwoObjectivesAreNamed() {
        assertTrue(
                rejection("erm+nonsense")
                        .startsWith("unknown part 'nonsense' in arm 'erm+nonsense'; known: objectives [erm, "),
                rejection("erm+nonsense"));
        assertEquals("arm 'cot+gce' names two objectives: cot and gce", rejection("cot+gce"));
        assertEquals("arm 'mhe+mhe' names mhe twice", rejection("mhe+mhe"));
        assertEquals(
                "arm 'erm@lr' : setting 'lr' must be KEY=VALUE, such as lr=0.01".replace(" :", ":"),
                rejection("erm@lr"));
    }

    @Test
    void aUserRegistersAPartAndComposesIt() {
        ArmRegistry own = ArmRegistry.withBuiltIns();
        own.register(ArmPart.objective("erm-again")
                .setDescription("cross-entropy, registered by a user")
                .optSetting(Setting.integer("unused-steps", 1, 1, 10, "a setting of the user's"))
                .setFactory(o -> {
                    o.getInt("unused-steps");
                    return new ErmObjective();
                })
                .build());
        Recipe recipe = own.resolve("erm-again+mhe@unused-steps=3").newRecipe();
        assertEquals("erm+mhe", recipe.name());
        assertTrue(own.describe().contains("erm-again"), own.describe());
        assertEquals(
                "arm 'erm-again@unused-steps=11': unused-steps must be an integer in [1, 10], was '11'",
                assertThrows(IllegalArgumentException.class, () -> own.resolve("erm-again@unused-steps=11"))
                        .getMessage());
        assertEquals(
                "arm part erm-again is registered already",
                assertThrows(IllegalArgumentException.class, () -> own.register("erm-again", "again", Recipe::erm))
                        .getMessage());
        assertFalse(registry.knows("erm-again"), "registries are independent");
    }

    @Test
    void describeListsEveryPartWithItsSettingsDefaultsAndRanges() {
        String text = registry.describe();
        assertTrue(text.contains("copies = 4 (an integer in [1, 1024]): augmented copies per example (m)"), text);
        assertTrue(text.contains("augment = cutout (fixed)"), text);
        assertTrue(text.contains("lambda = 0.01 (a number in [0, 1000000]): weight of the energy in the loss"), text);
        for (String name : registry.names()) {
            assertTrue(text.contains("  " + name + " "), name);
        }
    }
}
