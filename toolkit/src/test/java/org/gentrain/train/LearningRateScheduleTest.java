package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Schedules' values at chosen epochs (0-based indices: index 0 is the first epoch). */
class LearningRateScheduleTest {

    private static final float TOLERANCE = 1e-7f;

    private static String message(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    @Test
    void cotProtocolTrainsHundredEpochsAtTheBaseRateThenDecaysTenfoldTwice() {
        LearningRateSchedule schedule = LearningRateSchedule.parse("step:100,150@0.1", 200);
        assertEquals(0.1f, schedule.rate(0.1f, 0), TOLERANCE);
        assertEquals(0.1f, schedule.rate(0.1f, 99), TOLERANCE); // epoch 100
        assertEquals(0.01f, schedule.rate(0.1f, 100), TOLERANCE); // epoch 101
        assertEquals(0.01f, schedule.rate(0.1f, 149), TOLERANCE);
        assertEquals(0.001f, schedule.rate(0.1f, 150), TOLERANCE);
        assertEquals(0.001f, schedule.rate(0.1f, 199), TOLERANCE);
    }

    @Test
    void cosineStartsAtTheBaseRateHalvesAtMidRunAndEndsNearZero() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(200);
        assertEquals(0.1f, schedule.rate(0.1f, 0), TOLERANCE);
        assertEquals(0.05f, schedule.rate(0.1f, 100), TOLERANCE);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 199 / 200)) / 2, schedule.rate(0.1f, 199), 1e-9);
        assertEquals(0f, schedule.rate(0.1f, 200));
    }

    @Test
    void warmupRisesLinearlyThenHandsOverToCosineOverTheRemainingEpochs() {
        LearningRateSchedule schedule = LearningRateSchedule.parse("warmup:5+cosine", 25);
        assertEquals(LearningRateSchedule.cosine(25).withWarmup(5), schedule);
        assertEquals(0.02f, schedule.rate(0.1f, 0), TOLERANCE);
        assertEquals(0.06f, schedule.rate(0.1f, 2), TOLERANCE);
        assertEquals(0.1f, schedule.rate(0.1f, 4), TOLERANCE);
        assertEquals(0.1f, schedule.rate(0.1f, 5), TOLERANCE);
        assertEquals(0.05f, schedule.rate(0.1f, 15), TOLERANCE); // half-way through the 20 cosine epochs
    }

    @Test
    void warmupMultipliesStepDecayWhoseMilestonesCountFromTheFirstEpoch() {
        LearningRateSchedule schedule = LearningRateSchedule.parse("warmup:2+step:1,3@0.5", 10);
        assertEquals(0.5f, schedule.rate(1f, 0), TOLERANCE); // warm 1/2, no milestone passed
        assertEquals(0.5f, schedule.rate(1f, 1), TOLERANCE); // warm 1, one milestone
        assertEquals(0.5f, schedule.rate(1f, 2), TOLERANCE);
        assertEquals(0.25f, schedule.rate(1f, 3), TOLERANCE);
    }

    @Test
    void constantIsTheDefaultAndWarmupAloneRampsToIt() {
        assertEquals(0.3f, LearningRateSchedule.constant().rate(0.3f, 1000));
        LearningRateSchedule warm = LearningRateSchedule.parse("warmup:4", 10);
        assertEquals(0.25f, warm.rate(1f, 0), TOLERANCE);
        assertEquals(1f, warm.rate(1f, 9), TOLERANCE);
    }

    @Test
    void specReadsBackAsTheSameSchedule() {
        for (String text : List.of(
                "constant", "step:100,150@0.1", "cosine:200", "warmup:5+cosine:200", "warmup:3+step:30,60,90@0.2")) {
            LearningRateSchedule schedule = LearningRateSchedule.parse(text, 1);
            assertEquals(text, schedule.spec());
            assertEquals(schedule, LearningRateSchedule.parse(schedule.spec(), 7));
        }
    }

    @Test
    void badSchedulesAreRejectedInOneLineNamingWhatIsWrong() {
        assertEquals(
                "--schedule 'step:150,100@0.1' is invalid (milestones must be increasing epochs >= 1, was "
                        + "[150, 100]); expected " + LearningRateSchedule.GRAMMAR,
                message(() -> LearningRateSchedule.parse("step:150,100@0.1", 200)));
        assertEquals(
                "--schedule 'step:100@2' is invalid (factor must be in (0, 1], was 2); expected "
                        + LearningRateSchedule.GRAMMAR,
                message(() -> LearningRateSchedule.parse("step:100@2", 200)));
        assertEquals(
                "--schedule 'warmup:10+cosine' is invalid (epochs must be > warmupEpochs (10) for a cosine "
                        + "schedule, was 10); expected " + LearningRateSchedule.GRAMMAR,
                message(() -> LearningRateSchedule.parse("warmup:10+cosine", 10)));
        assertEquals(
                "--schedule 'linear' is invalid (unknown form); expected " + LearningRateSchedule.GRAMMAR,
                message(() -> LearningRateSchedule.parse("linear", 10)));
        assertEquals(
                "--schedule 'step:x@0.1' is invalid (not a number: For input string: \"x\"); expected "
                        + LearningRateSchedule.GRAMMAR,
                message(() -> LearningRateSchedule.parse("step:x@0.1", 10)));
        assertEquals(
                "epochIndex must be >= 0, was -1",
                message(() -> LearningRateSchedule.constant().rate(1f, -1)));
    }
}
