package org.gentrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Choosing the device to train on, and keeping DJL offline. gentrain never assumes a device: {@code
 * auto} takes a GPU where DJL sees one and the CPU otherwise.
 */
public final class Devices {

    private Devices() {}

    /**
     * Forces DJL's offline mode, so that it never tries to download an engine or a model: the
     * PyTorch natives come from the {@code pytorch-native-*} jar on the class path.
     */
    public static void forceOffline() {
        System.setProperty("ai.djl.offline", "true");
    }

    /**
     * The device for {@code auto}, {@code cpu} or {@code gpu}.
     *
     * @throws IllegalArgumentException for another name, or {@code gpu} where DJL sees no GPU
     */
    public static Device choose(String name) {
        forceOffline();
        String choice = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (choice) {
            case "auto":
                return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "device gpu: DJL sees no GPU (engine "
                                    + Engine.getInstance().getEngineName()
                                    + "); use auto or cpu, or build with the cuda profile on a GPU machine");
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException("device must be one of auto, cpu, gpu; was '" + name + "'");
        }
    }

    /**
     * Makes the calling thread ready to train when it is not the thread that started the engine
     * (such as a Spark task's thread): PyTorch's gradient mode belongs to each thread, DJL turns it
     * off only on the thread that starts the engine, and an optimizer's in-place update of a
     * parameter outside a gradient collector needs it off.
     */
    public static void prepareThread() {
        forceOffline();
        Engine.getInstance();
        try {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        } catch (LinkageError e) {
            // another engine: nothing to prepare
        }
    }

    /** The number of intra-op threads of the engine, or the processor count if it does not say. */
    public static int engineThreads() {
        try {
            return ai.djl.pytorch.jni.JniUtils.getNumThreads();
        } catch (LinkageError | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
