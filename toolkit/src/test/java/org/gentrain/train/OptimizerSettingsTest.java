package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The optimizer settings: kinds, defaults, and one-line errors that name the parameter. */
class OptimizerSettingsTest {

    private static String message(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    @Test
    void protocolIsConstantRateSgdWithTheBenchmarksValues() {
        assertEquals(
                new OptimizerSettings(
                        OptimizerSettings.Kind.SGD, 0.05f, 0.9f, 0f, 0f, 0f, 5e-4f, LearningRateSchedule.constant()),
                OptimizerSettings.PROTOCOL);
        assertEquals(OptimizerSettings.PROTOCOL, new OptimizerSettings(0.05f, 0.9f, 5e-4f));
        assertInstanceOf(MomentumSgd.class, OptimizerSettings.PROTOCOL.newOptimizer());
        assertEquals(
                "sgd lr=0.05 momentum=0.9 weight-decay=5.0E-4 schedule=constant",
                OptimizerSettings.PROTOCOL.describe());
    }

    @Test
    void adamHasTorchsDefaultsAndMakesAnAdam() {
        OptimizerSettings adam = OptimizerSettings.adam(1e-3f);
        assertEquals(0.9f, adam.beta1());
        assertEquals(0.999f, adam.beta2());
        assertEquals(1e-8f, adam.epsilon());
        assertInstanceOf(Adam.class, adam.newOptimizer());
    }

    @Test
    void badValuesAreRejectedNamingTheParameter() {
        assertEquals("learningRate must be > 0, was 0", message(() -> OptimizerSettings.adam(0f)));
        assertEquals(
                "beta1 must be in [0, 1), was 1", message(() -> OptimizerSettings.adam(0.1f, 1f, 0.999f, 1e-8f, 0f)));
        assertEquals(
                "beta2 must be in [0, 1), was -0.5",
                message(() -> OptimizerSettings.adam(0.1f, 0.9f, -0.5f, 1e-8f, 0f)));
        assertEquals("epsilon must be > 0, was 0", message(() -> OptimizerSettings.adam(0.1f, 0.9f, 0.999f, 0f, 0f)));
        assertEquals("weightDecay must be >= 0, was -1", message(() -> OptimizerSettings.sgd(0.1f, 0.9f, -1f)));
    }

    @Test
    void aSettingTheKindDoesNotUseIsRefusedNotIgnored() {
        assertEquals(
                "momentum does not apply to adam (it must be 0, was 0.9)",
                message(() ->
                        new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1f, 0.9f, 0.9f, 0.999f, 1e-8f, 0f, null)));
        assertEquals(
                "beta1 does not apply to sgd (it must be 0, was 0.9)",
                message(() -> new OptimizerSettings(OptimizerSettings.Kind.SGD, 0.1f, 0.9f, 0.9f, 0f, 0f, 0f, null)));
    }

    @Test
    void kindIsReadByItsCommandLineName() {
        assertEquals(OptimizerSettings.Kind.ADAM, OptimizerSettings.Kind.named("Adam"));
        assertEquals(
                "optimizer must be sgd or adam, was 'rmsprop'", message(() -> OptimizerSettings.Kind.named("rmsprop")));
    }

    @Test
    void scheduleScalesTheBaseRateByEpoch() {
        OptimizerSettings settings = OptimizerSettings.PROTOCOL
                .withLearningRate(0.1f)
                .withSchedule(LearningRateSchedule.step(List.of(2), 0.1f));
        assertEquals(0.1f, settings.learningRateAt(1));
        assertEquals(0.01f, settings.learningRateAt(2), 1e-9f);
    }

    @Test
    void settingsRoundTripThroughConfigJsonAndOldConfigsReadAsConstantSgd() {
        com.google.gson.Gson gson = new com.google.gson.Gson();
        OptimizerSettings adam = OptimizerSettings.adam(1e-3f, 0.8f, 0.99f, 1e-6f, 1e-4f)
                .withSchedule(LearningRateSchedule.parse("warmup:5+step:100,150@0.1", 200));
        assertEquals(adam, gson.fromJson(gson.toJson(adam), OptimizerSettings.class));
        String before = "{\"learningRate\":0.05,\"momentum\":0.9,\"weightDecay\":5.0E-4}";
        assertEquals(OptimizerSettings.PROTOCOL, gson.fromJson(before, OptimizerSettings.class));
    }
}
