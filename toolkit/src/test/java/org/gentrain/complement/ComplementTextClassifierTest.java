package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.text.ConvTextClassifier;
import org.gentrain.text.FoundingDocuments;
import org.gentrain.text.TextClassificationSet;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;

/**
 * COT, GCE and HCOT on a convolutional text classifier: which part of the US Constitution or the
 * Declaration a window of 16 words comes from (seven classes in three groups), trained by the
 * image Learner unchanged through the windows' one-pixel-high image form.
 */
class ComplementTextClassifierTest {

    private static final FoundingDocuments.Passages PASSAGES = FoundingDocuments.passages(16);
    private static final ImageSet TRAIN = PASSAGES.train().toImageSet();
    private static final ImageSet TEST = PASSAGES.test().toImageSet();

    private static void trains(Objective objective, int epochs) {
        TextClassificationSet train = PASSAGES.train();
        try (Learner learner = Learner.builder()
                .setModel(ConvTextClassifier.builder()
                        .setVocabularySize(train.vocabulary().size())
                        .setClasses(train.classNames().size())
                        .build())
                .setInputShape(TRAIN.imageShape())
                .optRecipe(Recipe.of(objective))
                .optOptimizer(new OptimizerSettings(0.05f, 0.9f, 0f))
                .optBatchSize(32)
                .optSeed(2)
                .optDevice(Device.cpu())
                .build()) {
            List<Double> losses = new ArrayList<>();
            for (int e = 0; e < epochs; e++) {
                EpochResult result = learner.trainEpoch(TRAIN);
                assertTrue(Double.isFinite(result.meanLoss()), objective.name() + " loss " + result.meanLoss());
                losses.add(result.meanLoss());
            }
            assertTrue(losses.get(epochs - 1) < losses.get(0), objective.name() + " epoch losses " + losses);
            double accuracy = learner.evaluate(TEST);
            double majority = PASSAGES.test().majorityFraction();
            assertTrue(
                    accuracy > majority + 0.03,
                    objective.name() + " test accuracy " + accuracy + ", majority class " + majority);
        }
    }

    @Test
    void passagesAreSevenClassesInThreeGroups() {
        assertEquals(7, TRAIN.numClasses());
        assertEquals(16, PASSAGES.train().windowLength());
        assertTrue(TRAIN.size() > 400 && TEST.size() > 100, TRAIN.size() + " / " + TEST.size());
        assertEquals("0,1,2,3|4,5|6", FoundingDocuments.passageGroups().toString());
    }

    @Test
    void cotTrainsTheTextClassifier() {
        trains(ComplementObjectiveTraining.builder().build(), 4);
    }

    @Test
    void gceTrainsTheTextClassifier() {
        // GCE alone starts slower than cross-entropy (its guide factor p_g^alpha is small at first).
        trains(new GuidedComplementObjective(), 7);
    }

    @Test
    void hcotTrainsTheTextClassifierWithThePassagesLabelTree() {
        trains(
                HierarchicalComplementObjectiveTraining.builder()
                        .setGroups(FoundingDocuments.passageGroups())
                        .build(),
                4);
    }
}
