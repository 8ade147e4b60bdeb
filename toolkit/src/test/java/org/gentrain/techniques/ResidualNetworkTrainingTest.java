package org.gentrain.techniques;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gentrain.augment.Cutout;
import org.gentrain.complement.ComplementObjectiveTraining;
import org.gentrain.complement.GuidedComplementObjective;
import org.gentrain.data.ImageSet;
import org.gentrain.energy.EnergyRegularizer;
import org.gentrain.energy.RandomProjections;
import org.gentrain.maxup.MaxUp;
import org.gentrain.models.CifarResNet;
import org.gentrain.models.WideResNet;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Recipe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every technique trains a small post-activation residual network (ResNet-8, option A shortcuts),
 * and MaxUp and MHE a pre-activation one (WRN-10-1, projection shortcuts): the mean loss of the fourth epoch is below
 * the first's and the network then classifies its training images well above chance.
 */
class ResidualNetworkTrainingTest {

    private static final ImageSet DATA = SyntheticImages.squares(48, 8, 4, 11);

    static Stream<Arguments> techniquesAndNetworks() {
        List<Arguments> cases = new ArrayList<>();
        List<Supplier<Recipe>> recipes = List.of(
                Recipe::erm,
                () -> Recipe.of(MaxUp.builder()
                        .optCopies(4)
                        .optAugmentation(Cutout.builder().setSize(4).build())
                        .build()),
                () -> Recipe.of(ComplementObjectiveTraining.builder().build()),
                () -> Recipe.of(new GuidedComplementObjective()),
                () -> Recipe.erm().with(EnergyRegularizer.builder().build()),
                () -> Recipe.erm()
                        .with(EnergyRegularizer.builder()
                                .optProjection(
                                        RandomProjections.builder().optDims(8).build())
                                .build()));
        for (Supplier<Recipe> recipe : recipes) {
            cases.add(Arguments.of("resnet8", (Supplier<Block>) () -> CifarResNet.create(8, 4), recipe));
        }
        // the two techniques that walk the model: MaxUp's scoring pass and the energy's layer search
        for (Supplier<Recipe> recipe : List.of(recipes.get(1), recipes.get(4))) {
            cases.add(Arguments.of("wrn-10-1", (Supplier<Block>) () -> WideResNet.create(10, 1, 4), recipe));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("techniquesAndNetworks")
    void techniqueTrainsResidualNetwork(String network, Supplier<Block> model, Supplier<Recipe> recipeMaker) {
        Recipe recipe = recipeMaker.get();
        String what = recipe.name() + " on " + network;
        try (Learner learner = Learner.builder()
                .setModel(model.get())
                .setInputShape(DATA.imageShape())
                .optRecipe(recipe)
                .optSeed(7)
                .optBatchSize(16)
                .optDevice(Device.cpu())
                .build()) {
            List<Double> losses = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                EpochResult result = learner.trainEpoch(DATA);
                assertTrue(Double.isFinite(result.meanLoss()), what + " loss " + result.meanLoss());
                losses.add(result.meanLoss());
            }
            assertTrue(losses.get(3) < losses.get(0), what + " epoch losses " + losses);
            double accuracy = learner.evaluate(DATA);
            assertTrue(accuracy > 0.5, what + " accuracy " + accuracy + " (chance 0.25)");
        }
    }
}
