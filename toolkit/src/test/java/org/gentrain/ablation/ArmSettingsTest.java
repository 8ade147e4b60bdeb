package org.gentrain.ablation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gentrain.train.ArmOptions;
import org.junit.jupiter.api.Test;

/** A setting that no arm reads is an error that names it, not a silently ignored key. */
class ArmSettingsTest {

    private static List<ArmSpec> arms(String... names) {
        return List.of(names).stream().map(ArmSpec::parse).toList();
    }

    private static String rejection(List<ArmSpec> arms, ArmOptions options) {
        return assertThrows(IllegalArgumentException.class, () -> ArmSpec.requireEverySettingRead(arms, options))
                .getMessage();
    }

    @Test
    void keysReadAreTheOnesAConstructionAsksForSetOrNot() {
        ArmOptions options = ArmOptions.of(Map.of("copies", "8", "unrelated", "1"));
        Set<String> read = options.keysReadBy(o -> {
            o.getInt("copies", 4);
            o.with("augment", "gauss").getDouble("sigma", 0.25);
        });
        assertEquals(Set.of("copies", "sigma"), read);
    }

    @Test
    void maxUpReadsItsScheduleCopiesAndItsAugmentationsSettings() {
        assertEquals(Set.of("augment", "copies", "cutout-size", "image-size", "schedule", "warmup-epochs"),
                ArmOptions.defaults().keysReadBy(o -> ArmCatalog.recipe("maxup-cutout", o)));
        assertEquals(Set.of(), ArmOptions.defaults().keysReadBy(o -> ArmCatalog.recipe("erm", o)));
    }

    @Test
    void aMisspeltKeyIsRejectedWithTheArmsSettings() {
        assertEquals("setting cutout.size is not read by arm maxup-cutout; its settings: augment, copies, "
                        + "cutout-size, image-size, schedule, warmup-epochs",
                rejection(arms("maxup-cutout"), ArmOptions.of(Map.of("cutout.size", "40"))));
    }

    @Test
    void aSettingOfATechniqueNoArmUsesIsRejected() {
        assertEquals("setting copies is not read by any of the arms erm, gce; their settings: alpha",
                rejection(arms("erm", "gce"), ArmOptions.of(Map.of("copies", "8"))));
    }

    @Test
    void aSharedSettingNeedsOnlyOneArmThatReadsIt() {
        assertDoesNotThrow(() -> ArmSpec.requireEverySettingRead(arms("erm", "maxup-cutout"),
                ArmOptions.of(Map.of("copies", "8"))));
    }

    @Test
    void anArmsOwnSettingMustBeReadByThatArm() {
        assertEquals("arm 'erm@copies=8': erm has no setting copies; its settings: none and lr",
                rejection(arms("erm@copies=8", "maxup-cutout"), ArmOptions.defaults()));
        assertDoesNotThrow(() -> ArmSpec.requireEverySettingRead(arms("erm@lr=0.01", "maxup-cutout@copies=2"),
                ArmOptions.defaults()));
    }
}
