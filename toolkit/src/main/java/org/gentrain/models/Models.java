package org.gentrain.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models of gentrain by name, for any image shape {@code C x H x W} and class count:
 *
 * <ul>
 *   <li>{@code smallcnn}, {@code mlp}: the benchmark protocol's small networks ({@link SmallCnn},
 *       {@link Mlp} with hidden layers 256 and 128);
 *   <li>{@code preact-resnet18}: the COT/HCOT authors' PreAct ResNet-18 ({@link PreActResNet});
 *   <li>{@code resnetD}, {@code D = 6n + 2} ({@code resnet20}, {@code resnet56}, {@code resnet110}):
 *       He et al.'s CIFAR ResNets with option A shortcuts ({@link CifarResNet});
 *   <li>{@code wrn-D-K}, {@code D = 6n + 4}, {@code K >= 1} ({@code wrn-28-10}, {@code wrn-16-4}):
 *       WideResNets ({@link WideResNet});
 *   <li>{@code vgg9}, {@code vgg6}: the MHE and OPT authors' VGG-like networks ({@link VggLikeNet}).
 * </ul>
 */
public final class Models {

    private static final Pattern RESNET = Pattern.compile("resnet(\\d{1,4})");
    private static final Pattern WRN = Pattern.compile("wrn-(\\d{1,4})-(\\d{1,4})");

    private static final Map<String, String> LISTED = new LinkedHashMap<>();

    static {
        LISTED.put("smallcnn", "2 conv-BN-ReLU-pool layers (32, 64), Linear 128, classifier (benchmark protocol)");
        LISTED.put("mlp", "multilayer perceptron, hidden layers 256 and 128");
        LISTED.put("preact-resnet18", "PreAct ResNet-18, 1x1 projection shortcuts (COT/HCOT authors' code)");
        LISTED.put("resnet20", "ResNet-20, CIFAR 6n+2 post-activation, option A shortcuts (He et al. 2016)");
        LISTED.put("resnet56", "ResNet-56, CIFAR 6n+2 post-activation, option A shortcuts (He et al. 2016)");
        LISTED.put("resnet110", "ResNet-110, CIFAR 6n+2 post-activation, option A shortcuts (He et al. 2016)");
        LISTED.put("wrn-16-4", "WideResNet-16-4, pre-activation (Zagoruyko & Komodakis 2016)");
        LISTED.put("wrn-28-10", "WideResNet-28-10, pre-activation (Zagoruyko & Komodakis 2016)");
        LISTED.put("vgg9", "9 conv layers 64/128/256 + 4x4 fc conv 256 (MHE/CoMHE authors' CIFAR net)");
        LISTED.put("vgg6", "6 conv layers 32/64/128 + 4x4 fc conv 128 (OPT authors' CIFAR net)");
    }

    private static final String ALLOWED = "smallcnn, mlp, preact-resnet18, resnetD with D = 6n+2 (resnet20, resnet56, "
            + "resnet110), wrn-D-K with D = 6n+4 and K >= 1 (wrn-16-4, wrn-28-10), vgg9, vgg6";

    private Models() {}

    /** The listed models' names (parameterised families by their usual members), in a fixed order. */
    public static List<String> names() {
        return List.copyOf(LISTED.keySet());
    }

    /** Every accepted name, with the patterns of the families, in one line. */
    public static String allowedNames() {
        return ALLOWED;
    }

    /**
     * A one-line description of the model {@code name}.
     *
     * @throws IllegalArgumentException if no model has that name
     */
    public static String description(String name) {
        String key = normalise(name);
        String listed = LISTED.get(key);
        if (listed != null) {
            return listed;
        }
        Matcher resnet = RESNET.matcher(key);
        if (resnet.matches()) {
            int depth = Integer.parseInt(resnet.group(1));
            CifarResNet.blocksPerStage(depth);
            return "ResNet-" + depth + ", CIFAR 6n+2 post-activation, option A shortcuts (He et al. 2016)";
        }
        Matcher wrn = WRN.matcher(key);
        if (wrn.matches()) {
            WideResNet.blocksPerStage(Integer.parseInt(wrn.group(1)));
            return "WideResNet-" + wrn.group(1) + "-" + wrn.group(2) + ", pre-activation (Zagoruyko & Komodakis 2016)";
        }
        throw unknown(name);
    }

    /**
     * A new, uninitialised model.
     *
     * @param name a model's name (see the class comment; case is ignored)
     * @param imageShape one example's shape, {@code C x H x W} ({@code mlp} takes any shape)
     * @param classes number of outputs, at least 1
     * @throws IllegalArgumentException naming the parameter and the allowed values, if any is wrong
     */
    public static Block create(String name, Shape imageShape, int classes) {
        Layers.positive("classes", classes);
        String key = normalise(name);
        if (key.equals("mlp")) {
            return Mlp.create(classes, 256, 128);
        }
        if (imageShape.dimension() != 3 || imageShape.get(0) < 1 || imageShape.get(1) < 1 || imageShape.get(2) < 1) {
            throw new IllegalArgumentException("model " + key + " needs images C x H x W, was " + imageShape);
        }
        switch (key) {
            case "smallcnn":
                if (imageShape.get(1) < 4 || imageShape.get(2) < 4) {
                    throw new IllegalArgumentException("smallcnn needs images with H, W >= 4, was " + imageShape);
                }
                return SmallCnn.create(classes);
            case "preact-resnet18":
                return PreActResNet.resNet18(classes);
            case "vgg9":
                return VggLikeNet.mhe9(imageShape, classes);
            case "vgg6":
                return VggLikeNet.opt6(imageShape, classes);
            default:
                break;
        }
        Matcher resnet = RESNET.matcher(key);
        if (resnet.matches()) {
            return CifarResNet.create(Integer.parseInt(resnet.group(1)), classes);
        }
        Matcher wrn = WRN.matcher(key);
        if (wrn.matches()) {
            return WideResNet.create(Integer.parseInt(wrn.group(1)), Integer.parseInt(wrn.group(2)), classes);
        }
        throw unknown(name);
    }

    /** The number of trainable values (weights, biases, batch-norm scales and shifts) of {@code model}. */
    public static long parameterCount(Block model) {
        long count = 0;
        for (Pair<String, Parameter> pair : model.getParameters()) {
            Parameter parameter = pair.getValue();
            if (parameter.requiresGradient()) {
                count += parameter.getArray().getShape().size();
            }
        }
        return count;
    }

    /** The number of trainable values of model {@code name} for {@code imageShape} and {@code classes}. */
    public static long parameterCount(String name, Shape imageShape, int classes) {
        Block model = create(name, imageShape, classes);
        // zeros: only the shapes count, and drawing 36 M random values for WRN-28-10 takes a while
        model.setInitializer(new ConstantInitializer(0), parameter -> true);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(imageShape));
            return parameterCount(model);
        }
    }

    private static String normalise(String name) {
        if (name == null) {
            throw unknown("null");
        }
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("model must be one of " + ALLOWED + "; was '" + name + "'");
    }
}
