package org.gentrain.arms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmSpecTest {

    @Test
    void partsJoinWithPlusAndSettingsFollowAt() {
        ArmSpec spec = ArmSpec.parse(" maxup+comhe-rp@copies=8@lambda=0.1 ");
        assertEquals("maxup+comhe-rp@copies=8@lambda=0.1", spec.label());
        assertEquals(List.of("maxup", "comhe-rp"), spec.parts());
        assertEquals(Map.of("copies", "8", "lambda", "0.1"), spec.settings());
    }

    @Test
    void piecesWrittenApartJoinIntoOneArm() {
        ArmSpec spec = ArmSpec.join(List.of("maxup-cutout@copies=2", "mhe@lambda=0.1", "opt-cayley"));
        assertEquals("maxup-cutout+mhe+opt-cayley@copies=2@lambda=0.1", spec.label());
        assertEquals(spec, ArmSpec.parse(spec.label()));
    }

    @Test
    void malformedNamesAreOneLine() {
        assertEquals(
                "arm must be a name such as erm or maxup-cutout+mhe, was empty",
                assertThrows(IllegalArgumentException.class, () -> ArmSpec.parse(" "))
                        .getMessage());
        assertEquals(
                "arm 'erm++mhe' has an empty part; parts are joined with +, settings follow @, as in maxup+mhe@copies=8",
                assertThrows(IllegalArgumentException.class, () -> ArmSpec.parse("erm++mhe"))
                        .getMessage());
        assertEquals(
                "arm 'erm@lr=1@lr=2' sets lr twice",
                assertThrows(IllegalArgumentException.class, () -> ArmSpec.parse("erm@lr=1@lr=2"))
                        .getMessage());
    }
}
