package org.gentrain.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gentrain.train.ArmOptions;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;

class ArmCatalogTest {

    @Test
    void ermIsTheDefaultObjective() {
        Recipe recipe = ArmCatalog.recipe("erm", ArmOptions.defaults());
        assertEquals("erm", recipe.name());
        assertTrue(recipe.regularizers().isEmpty());
    }

    @Test
    void unknownPartIsNamedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArmCatalog.recipe("erm+nonsense", ArmOptions.defaults()));
        assertTrue(e.getMessage().startsWith("unknown part 'nonsense' in arm 'erm+nonsense'; known: objectives [erm"),
                e.getMessage());
    }

    @Test
    void twoObjectivesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArmCatalog.recipe("erm+erm", ArmOptions.defaults()));
        assertEquals("arm 'erm+erm' names two objectives: erm and erm", e.getMessage());
    }

    @Test
    void optionValuesThatDoNotParseNameTheirKey() {
        ArmOptions options = ArmOptions.defaults().with("copies", "four");
        assertEquals("copies must be an integer, was 'four'",
                assertThrows(IllegalArgumentException.class, () -> options.getInt("copies", 4)).getMessage());
    }
}
