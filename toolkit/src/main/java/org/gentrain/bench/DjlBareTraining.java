package org.gentrain.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Iterator;
import org.gentrain.data.ImageSet;
import org.gentrain.train.OptimizerSettings;

/**
 * The reference arm {@code djl-bare}: the same model, data and SGD settings trained by a plain
 * loop over DJL's own {@link Trainer}, {@link ArrayDataset} and {@link EasyTrain#trainBatch}, with
 * no gentrain code on the step's path. The toolkit's {@code erm} arm is measured against it.
 */
public final class DjlBareTraining {

    private DjlBareTraining() {}

    /**
     * Trains up to {@code steps} batches and returns each step's wall time in milliseconds, the
     * batch's loading included.
     */
    public static double[] stepMillis(
            Block model, ImageSet train, OptimizerSettings settings, int batchSize, int steps, long seed, Device device)
            throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed((int) seed);
        Optimizer sgd = Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(settings.learningRate()))
                .optMomentum(settings.momentum())
                .optWeightDecays(settings.weightDecay())
                .build();
        try (Model djlModel = Model.newInstance("djl-bare", device)) {
            djlModel.setBlock(model);
            NDManager manager = djlModel.getNDManager();
            ArrayDataset dataset = new ArrayDataset.Builder()
                    .setData(train.imagesArray(manager))
                    .optLabels(train.labelsArray(manager))
                    .setSampling(batchSize, true)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = djlModel.newTrainer(config)) {
                trainer.initialize(new ai.djl.ndarray.types.Shape(1).addAll(train.imageShape()));
                double[] millis = new double[steps];
                Iterator<Batch> batches = trainer.iterateDataset(dataset).iterator();
                for (int s = 0; s < steps && batches.hasNext(); s++) {
                    long start = System.nanoTime();
                    try (Batch batch = batches.next()) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                    millis[s] = (System.nanoTime() - start) / 1e6;
                }
                return millis;
            }
        }
    }
}
