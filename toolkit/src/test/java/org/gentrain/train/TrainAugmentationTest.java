package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.models.SmallCnn;
import org.gentrain.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

/** Random crop with padding and horizontal flip of training batches, and where the learner applies it. */
class TrainAugmentationTest {

    private static final ImageSet DATA = SyntheticImages.squares(64, 28, 10, 3);

    /** Image b of a batch whose pixel (c, i, j) is 1000 b + 100 c + 10 i + j, on a 5 x 5 grid. */
    private static NDArray numbered(NDManager manager, int batch, int channels) {
        float[] values = new float[batch * channels * 25];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 5; j++) {
                        values[((b * channels + c) * 5 + i) * 5 + j] = 1000 * b + 100 * c + 10 * i + j;
                    }
                }
            }
        }
        return manager.create(values, new Shape(batch, channels, 5, 5));
    }

    @Test
    void everyOutputImageIsAShiftedAndPossiblyMirroredWindowOfThePaddedInput() {
        int p = 2;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = numbered(manager, 16, 3);
            NDArray out = TrainAugmentation.cropFlip(p).apply(batch, 42);
            assertEquals(batch.getShape(), out.getShape());
            float[] o = out.toFloatArray();
            int flipped = 0;
            for (int b = 0; b < 16; b++) {
                boolean matched = false;
                for (int dy = 0; dy <= 2 * p && !matched; dy++) {
                    for (int dx = 0; dx <= 2 * p && !matched; dx++) {
                        for (boolean mirror : new boolean[] {false, true}) {
                            if (window(o, b, 3, dy - p, dx - p, mirror)) {
                                matched = true;
                                flipped += mirror ? 1 : 0;
                                break;
                            }
                        }
                    }
                }
                assertTrue(matched, "image " + b + " is a padded window of its input");
            }
            assertTrue(flipped > 0 && flipped < 16, "some but not all images are mirrored: " + flipped);
        }
    }

    /** Whether image b of out is the input shifted by (sy, sx) with zeros outside, mirrored if asked. */
    private static boolean window(float[] out, int b, int channels, int sy, int sx, boolean mirror) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    int y = i + sy;
                    int x = (mirror ? 4 - j : j) + sx;
                    float expected = y < 0 || y > 4 || x < 0 || x > 4 ? 0 : 1000 * b + 100 * c + 10 * y + x;
                    if (out[((b * channels + c) * 5 + i) * 5 + j] != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void sameSeedDrawsTheSameBatchAndAnotherSeedAnother() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = numbered(manager, 8, 1);
            TrainAugmentation augmentation = TrainAugmentation.cropFlip(1);
            float[] a = augmentation.apply(batch, 7).toFloatArray();
            assertArrayEquals(a, augmentation.apply(batch, 7).toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(a, augmentation.apply(batch, 8).toFloatArray()));
        }
    }

    @Test
    void zeroPaddingWithoutFlipIsTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = numbered(manager, 4, 2);
            assertArrayEquals(
                    batch.toFloatArray(), new CropFlip(0, false).apply(batch, 1).toFloatArray(), 0f);
        }
    }

    @Test
    void negativePaddingIsRejectedNamingIt() {
        assertEquals(
                "padding must be >= 0, was -1",
                assertThrows(IllegalArgumentException.class, () -> TrainAugmentation.cropFlip(-1))
                        .getMessage());
    }

    /** Counts its calls and records the seeds, augmenting with crop and flip. */
    private static final class Recording implements TrainAugmentation {
        final List<Long> seeds = new ArrayList<>();
        final TrainAugmentation inner = TrainAugmentation.cropFlip(4);

        @Override
        public NDArray apply(NDArray images, long seed) {
            seeds.add(seed);
            return inner.apply(images, seed);
        }

        @Override
        public String describe() {
            return "recording";
        }
    }

    private static Learner learner(TrainAugmentation augmentation, List<NDArray> seen, NDManager keep) {
        Learner.Builder builder = Learner.builder()
                .setModel(SmallCnn.create())
                .setInputShape(DATA.imageShape())
                .optSeed(11)
                .optBatchSize(16)
                .addHook(new TrainingHook() {
                    @Override
                    public void onStepEnd(StepContext step) {
                        NDArray copy = keep.create(
                                step.data().toFloatArray(), step.data().getShape());
                        ai.djl.ndarray.NDScope.unregister(copy);
                        seen.add(copy);
                    }
                });
        if (augmentation != null) {
            builder.optTrainAugmentation(augmentation);
        }
        return builder.build();
    }

    @Test
    void learnerAugmentsEveryTrainingBatchButNeverEvaluation() {
        Recording recording = new Recording();
        try (NDManager keep = NDManager.newBaseManager()) {
            List<NDArray> plain = new ArrayList<>();
            List<NDArray> augmented = new ArrayList<>();
            try (Learner learner = learner(null, plain, keep)) {
                learner.trainEpoch(DATA, 3);
            }
            try (Learner learner = learner(recording, augmented, keep)) {
                learner.trainEpoch(DATA, 3);
                assertEquals(3, recording.seeds.size(), "one draw per training step");
                learner.evaluate(DATA);
                assertEquals(3, recording.seeds.size(), "evaluation draws nothing");
                learner.trainEpoch(DATA, 3);
                assertEquals(6, recording.seeds.size());
                assertEquals(
                        "recording", learner.trainAugmentation().orElseThrow().describe());
            }
            assertEquals(6, recording.seeds.stream().distinct().count(), "every step its own seed");
            for (int s = 0; s < 3; s++) {
                assertEquals(plain.get(s).getShape(), augmented.get(s).getShape());
                NDArray expected = TrainAugmentation.cropFlip(4).apply(plain.get(s), recording.seeds.get(s));
                assertArrayEquals(
                        expected.toFloatArray(),
                        augmented.get(s).toFloatArray(),
                        0f,
                        "the objective sees the augmented batch of step " + s);
            }
        }
    }

    @Test
    void sameRunDrawsTheSameAugmentations() {
        Recording first = new Recording();
        Recording second = new Recording();
        try (NDManager keep = NDManager.newBaseManager()) {
            try (Learner a = learner(first, new ArrayList<>(), keep);
                    Learner b = learner(second, new ArrayList<>(), keep)) {
                a.trainEpoch(DATA, 2);
                b.trainEpoch(DATA, 2);
            }
        }
        assertEquals(first.seeds, second.seeds);
    }
}
