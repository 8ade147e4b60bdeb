package org.gentrain.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.gentrain.maxup.MaxUp;
import org.gentrain.maxup.SequenceMaxUp;
import org.gentrain.text.EmbeddingNoise;
import org.gentrain.text.EmbeddingPerturbation;
import org.gentrain.text.FoundingDocuments;
import org.gentrain.text.LstmLanguageModel;
import org.gentrain.text.PennTreebank;
import org.gentrain.text.SequenceErm;
import org.gentrain.text.SequenceLearner;
import org.gentrain.text.SequenceObjective;
import org.gentrain.text.TextCorpus;
import org.gentrain.text.TokenWindows;
import org.gentrain.text.WikiText2;
import org.gentrain.train.DivergedException;
import org.gentrain.train.EpochResult;
import org.gentrain.train.OptimizerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gentrain lm}: trains an LSTM language model with plain cross-entropy or MaxUp on the
 * shipped text (or PTB / WikiText-2 from a folder) and prints the training loss, the validation
 * perplexity and the median step time of every epoch.
 */
@Command(
        name = "lm",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train an LSTM language model (erm or maxup) on the shipped public-domain text "
                + "(US Constitution and Declaration of Independence), PTB or WikiText-2; print the validation "
                + "perplexity and the median step time after every epoch.")
final class LanguageModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--corpus",
            defaultValue = "founding-documents",
            paramLabel = "founding-documents|ptb|wikitext-2",
            description = "Default: ${DEFAULT-VALUE}. ptb and wikitext-2 read --corpus-folder.")
    String corpus;

    @Option(names = "--corpus-folder", paramLabel = "DIR", description = "The folder of ptb.*.txt or wiki.*.tokens.")
    Path corpusFolder;

    @Option(
            names = "--objective",
            defaultValue = "erm",
            paramLabel = "erm|maxup",
            description = "Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(names = "--copies", defaultValue = "4", description = "MaxUp's m. Default: ${DEFAULT-VALUE}.")
    int copies;

    @Option(
            names = "--perturbation",
            defaultValue = "gaussian",
            paramLabel = "gaussian|word-dropout",
            description = "MaxUp's perturbation of the embeddings. Default: ${DEFAULT-VALUE}.")
    String perturbation;

    @Option(names = "--sigma", defaultValue = "0.1", description = "Gaussian noise's sigma. Default: ${DEFAULT-VALUE}.")
    double sigma;

    @Option(
            names = "--word-dropout",
            defaultValue = "0.1",
            description = "Word dropout's rate. Default: ${DEFAULT-VALUE}.")
    double wordDropout;

    @Option(
            names = "--schedule",
            defaultValue = "fast",
            paramLabel = "fast|exact",
            description = "Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--epochs", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "2147483647", description = "Windows per epoch at most.")
    int maxSteps;

    @Option(names = "--batch-size", defaultValue = "20", description = "Parallel streams B. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--bptt", defaultValue = "35", description = "Window length T. Default: ${DEFAULT-VALUE}.")
    int bptt;

    @Option(names = "--embedding", defaultValue = "200", description = "Embedding size. Default: ${DEFAULT-VALUE}.")
    int embedding;

    @Option(names = "--hidden", defaultValue = "200", description = "LSTM state size. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "LSTM layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--dropout", defaultValue = "0.2", description = "Model dropout. Default: ${DEFAULT-VALUE}.")
    float dropout;

    @Option(names = "--tied", description = "Tie the decoder to the embedding (needs --hidden = --embedding).")
    boolean tied;

    @Option(names = "--lr", defaultValue = "20", description = "SGD learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(
            names = "--clip",
            defaultValue = "0.25",
            description = "Gradient norm clip (0: none). Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public void run() {
        SequenceLearner built;
        TextCorpus text;
        TokenWindows train;
        TokenWindows valid;
        SequenceObjective chosen;
        try {
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
            }
            if (maxSteps < 1) {
                throw new IllegalArgumentException("--max-steps must be >= 1, was " + maxSteps);
            }
            chosen = objective();
            text = corpus();
            train = new TokenWindows(text.train(), batchSize, bptt);
            valid = new TokenWindows(text.valid(), Math.min(10, Math.max(1, text.valid().length / 2)), bptt);
            built = SequenceLearner.builder()
                    .setModel(LstmLanguageModel.builder()
                            .setVocabularySize(text.vocabulary().size())
                            .optEmbeddingSize(embedding)
                            .optHiddenSize(hidden)
                            .optLayers(layers)
                            .optDropout(dropout)
                            .optTiedWeights(tied)
                            .build())
                    .optObjective(chosen)
                    .optOptimizer(new OptimizerSettings(learningRate, 0f, 0f))
                    .optGradientClip(clip)
                    .optSeed(seed)
                    .optDevice(Device.cpu())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("data: %s%n", text);
        out.printf(
                "objective: %s, model %s, %d windows of %d x %d per epoch%n",
                chosen.name(), built.model(), Math.min(maxSteps, train.size()), batchSize, bptt);
        out.flush();
        try (SequenceLearner learner = built) {
            for (int e = 1; e <= epochs; e++) {
                EpochResult result = learner.trainEpoch(train, maxSteps);
                out.printf(
                        Locale.ROOT,
                        "epoch %d: train loss %.4f, validation perplexity %.2f, %.1f ms/step (median)%n",
                        e,
                        result.meanLoss(),
                        learner.perplexity(valid),
                        result.medianStepMillis());
                out.flush();
            }
        } catch (DivergedException e) {
            throw new RunFailure(chosen.name() + " diverged: " + e.getMessage() + " (try a smaller --lr)", e);
        }
    }

    private SequenceObjective objective() {
        EmbeddingPerturbation perturbed = switch (perturbation.toLowerCase(Locale.ROOT)) {
            case "gaussian" -> new EmbeddingNoise(sigma);
            case "word-dropout" -> new org.gentrain.text.WordDropout(wordDropout);
            default ->
                throw new IllegalArgumentException(
                        "--perturbation must be gaussian or word-dropout, was " + perturbation);
        };
        MaxUp.Schedule chosenSchedule = switch (schedule.toLowerCase(Locale.ROOT)) {
            case "fast" -> MaxUp.Schedule.FAST;
            case "exact" -> MaxUp.Schedule.EXACT;
            default -> throw new IllegalArgumentException("--schedule must be fast or exact, was " + schedule);
        };
        return switch (objective.toLowerCase(Locale.ROOT)) {
            case "erm" -> SequenceErm.plain();
            case "maxup" ->
                SequenceMaxUp.builder()
                        .optCopies(copies)
                        .optPerturbation(perturbed)
                        .optSchedule(chosenSchedule)
                        .build();
            default -> throw new IllegalArgumentException("--objective must be erm or maxup, was " + objective);
        };
    }

    private TextCorpus corpus() {
        String name = corpus.toLowerCase(Locale.ROOT);
        if (name.equals("founding-documents")) {
            return FoundingDocuments.corpus();
        }
        if (!name.equals("ptb") && !name.equals("wikitext-2")) {
            throw new IllegalArgumentException("--corpus must be founding-documents, ptb or wikitext-2, was " + corpus);
        }
        if (corpusFolder == null) {
            throw new IllegalArgumentException("--corpus " + name + " needs --corpus-folder");
        }
        try {
            return name.equals("ptb") ? PennTreebank.read(corpusFolder) : WikiText2.read(corpusFolder);
        } catch (IOException e) {
            throw new RunFailure("cannot read " + name + " from " + corpusFolder + ": " + e.getMessage(), e);
        }
    }
}
