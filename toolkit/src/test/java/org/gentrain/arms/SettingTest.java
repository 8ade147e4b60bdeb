package org.gentrain.arms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingTest {

    @Test
    void valuesAreCheckedAndCanonical() {
        Setting copies = Setting.integer("copies", 4, 1, 1024, "copies");
        assertEquals("8", copies.check(" 8 "));
        assertEquals(
                "copies must be an integer in [1, 1024], was '1025'",
                assertThrows(IllegalArgumentException.class, () -> copies.check("1025"))
                        .getMessage());
        Setting sigma = Setting.positive("sigma", 0.25, 100, "noise");
        assertEquals(
                "sigma must be a number in (0, 100], was '0'",
                assertThrows(IllegalArgumentException.class, () -> sigma.check("0"))
                        .getMessage());
        assertEquals(
                "sigma must be a number in (0, 100], was 'NaN'",
                assertThrows(IllegalArgumentException.class, () -> sigma.check("NaN"))
                        .getMessage());
        Setting schedule = Setting.choice("schedule", "fast", List.of("fast", "exact"), "schedule");
        assertEquals("exact", schedule.check("EXACT"));
        assertEquals("true", Setting.flag("fixed", false, "fixed").check("True"));
    }

    @Test
    void aBadDefaultIsCaughtWhenDeclared() {
        assertEquals(
                "copies must be an integer in [1, 1024], was '0'",
                assertThrows(IllegalArgumentException.class, () -> Setting.integer("copies", 0, 1, 1024, "copies"))
                        .getMessage());
        assertEquals(
                "setting key must be lower-case words joined by '-', was 'Copies'",
                assertThrows(IllegalArgumentException.class, () -> Setting.integer("Copies", 1, 1, 2, ""))
                        .getMessage());
    }
}
