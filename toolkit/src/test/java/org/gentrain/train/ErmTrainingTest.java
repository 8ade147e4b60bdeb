package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.gentrain.data.FashionMnist;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.models.SmallCnn;
import org.junit.jupiter.api.Test;

/** A real training run on real data: the embedded Fashion-MNIST subset. */
class ErmTrainingTest {

    @Test
    void oneEpochOnTwoThousandImagesReachesSeventyFivePercent() {
        TrainTestSplit data = FashionMnist.loadEmbedded().limit(2000, 1000, 1);
        try (Learner learner = Learner.builder()
                .setModel(SmallCnn.create())
                .setInputShape(data.train().imageShape())
                .optOptimizer(OptimizerSettings.PROTOCOL.withLearningRate(0.005f))
                .optBatchSize(16)
                .optSeed(7)
                .optDevice(Device.cpu())
                .build()) {
            learner.trainEpoch(data.train());
            double accuracy = learner.evaluate(data.test());
            assertTrue(accuracy >= 0.75, "test accuracy " + accuracy);
        }
    }
}
