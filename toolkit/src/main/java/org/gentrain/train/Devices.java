package org.gentrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.Utils;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Choosing the device to train on, and keeping DJL offline. gentrain never assumes a device: {@code
 * auto} takes a GPU where DJL sees one and the CPU otherwise, and {@link #explain} says why.
 */
public final class Devices {

    /** The file through which the NVIDIA kernel driver announces itself on Linux. */
    public static final Path NVIDIA_DRIVER_FILE = Paths.get("/proc/driver/nvidia/version");

    private static final Pattern DRIVER_VERSION = Pattern.compile("Kernel Module\\s+(\\S+)");
    // DJL's cache folder of a libtorch is <version>-<flavor>-<classifier>, e.g. 2.5.1-cu124-linux-x86_64
    private static final Pattern FLAVOR_IN_DIR = Pattern.compile("-((?:cpu|cu\\d+)(?:-precxx11)?)-");

    private Devices() {}

    /**
     * Forces DJL's offline mode, so that it never tries to download an engine or a model: the
     * PyTorch natives come from the {@code pytorch-native-*} jar on the class path.
     */
    public static void forceOffline() {
        System.setProperty("ai.djl.offline", "true");
    }

    /**
     * The device for {@code auto}, {@code cpu} or {@code gpu}: {@code explain(name).device()}.
     *
     * @throws IllegalArgumentException for another name, or {@code gpu} where DJL sees no GPU
     */
    public static Device choose(String name) {
        return explain(name).device();
    }

    /**
     * The device for {@code auto}, {@code cpu} or {@code gpu} and the reason, from the running
     * engine's {@link #facts()} (read only for {@code auto} and {@code gpu}).
     *
     * @throws IllegalArgumentException for another name, or {@code gpu} where DJL sees no GPU
     */
    public static DeviceChoice explain(String name) {
        forceOffline();
        return decide(name, Devices::facts);
    }

    /**
     * The choice for {@code name} given these facts; {@code auto} picks the first GPU when there is
     * one and otherwise says which of GPU natives, NVIDIA driver or CUDA device is missing.
     *
     * @throws IllegalArgumentException for a name other than auto, cpu or gpu, or {@code gpu}
     *     where the facts show no GPU (the message carries the reason)
     */
    public static DeviceChoice decide(String name, Supplier<DeviceFacts> facts) {
        String choice = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "cpu":
                return new DeviceChoice(Device.cpu(), DeviceChoice.Cause.REQUESTED, "asked for cpu");
            case "auto":
            case "gpu":
                break;
            default:
                throw new IllegalArgumentException("device must be one of auto, cpu, gpu; was '" + name + "'");
        }
        DeviceFacts known = facts.get();
        if (known.gpuCount() > 0) {
            String seen = "DJL sees " + known.gpuCount() + " CUDA device" + (known.gpuCount() == 1 ? "" : "s")
                    + " with the " + known.nativesFlavor() + " natives";
            return "gpu".equals(choice)
                    ? new DeviceChoice(Device.gpu(), DeviceChoice.Cause.REQUESTED, "asked for gpu; " + seen)
                    : new DeviceChoice(Device.gpu(), DeviceChoice.Cause.GPU_FOUND, seen);
        }
        DeviceChoice cpu = whyCpu(known);
        if ("gpu".equals(choice)) {
            throw new IllegalArgumentException("device gpu: " + cpu.reason() + "; use auto or cpu");
        }
        return cpu;
    }

    private static DeviceChoice whyCpu(DeviceFacts facts) {
        String driver = facts.nvidiaDriver();
        if (!facts.cudaNatives()) {
            return new DeviceChoice(
                    Device.cpu(),
                    DeviceChoice.Cause.NO_GPU_NATIVES,
                    "no GPU natives: the libtorch loaded is a CPU build (" + facts.nativesFlavor()
                            + "); a GPU build needs mvn -Pcuda"
                            + (driver == null ? "" : " (NVIDIA driver: " + driver + ")"));
        }
        if (driver == null) {
            return new DeviceChoice(
                    Device.cpu(),
                    DeviceChoice.Cause.NO_DRIVER,
                    "no driver: the " + facts.nativesFlavor() + " natives are loaded but no NVIDIA driver is"
                            + " installed (" + NVIDIA_DRIVER_FILE + " is absent)");
        }
        return new DeviceChoice(
                Device.cpu(),
                DeviceChoice.Cause.NO_DEVICE,
                "no device: the " + facts.nativesFlavor() + " natives are loaded and the NVIDIA driver is "
                        + driver + ", but CUDA reports no usable device"
                        + (facts.visibleDevices() == null
                                ? ""
                                : " (CUDA_VISIBLE_DEVICES=" + facts.visibleDevices() + ")")
                        + "; the driver may be too old for " + facts.nativesFlavor());
    }

    /** The facts about the running engine and this machine that decide {@code auto}. */
    public static DeviceFacts facts() {
        forceOffline();
        Engine engine = Engine.getInstance();
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        return new DeviceFacts(
                cuda,
                nativesFlavor(libtorchDir(), Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR"), cuda),
                nvidiaDriver(),
                engine.getGpuCount(),
                System.getenv("CUDA_VISIBLE_DEVICES"));
    }

    /** The folder of the libtorch that the PyTorch engine loaded (loads the engine). */
    public static String libtorchDir() {
        Engine.getInstance();
        return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
    }

    /**
     * The flavour of a loaded libtorch: from its folder name where DJL extracted it ({@code
     * 2.5.1-cu124-linux-x86_64} gives {@code cu124}), else {@code PYTORCH_FLAVOR} (a libtorch of
     * one's own), else {@code cuda} or {@code cpu} from the engine's capability.
     */
    static String nativesFlavor(String libtorchDir, String flavorSetting, boolean cuda) {
        if (libtorchDir != null) {
            Matcher m = FLAVOR_IN_DIR.matcher(Paths.get(libtorchDir).getFileName() + "-");
            if (m.find()) {
                return m.group(1);
            }
        }
        if (flavorSetting != null && !flavorSetting.isBlank()) {
            return flavorSetting.trim();
        }
        return cuda ? "cuda" : "cpu";
    }

    /** The NVIDIA driver's version on this machine, {@code null} if none, or why it was not checked. */
    public static String nvidiaDriver() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "not checked on " + os;
        }
        return nvidiaDriver(NVIDIA_DRIVER_FILE);
    }

    /**
     * The driver version in a file like {@code /proc/driver/nvidia/version} ("NVRM version: NVIDIA
     * UNIX x86_64 Kernel Module 550.54.14 ..."), its first line if it has another form, or {@code
     * null} if the file does not exist or cannot be read.
     */
    static String nvidiaDriver(Path versionFile) {
        if (!Files.isRegularFile(versionFile)) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(versionFile, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null || line.isBlank()) {
                return null;
            }
            Matcher m = DRIVER_VERSION.matcher(line);
            return m.find() ? m.group(1) : line.trim();
        } catch (IOException e) {
            return null;
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

    /** The number of inter-op threads of the engine, or the processor count if it does not say. */
    public static int engineInteropThreads() {
        try {
            return ai.djl.pytorch.jni.JniUtils.getNumInteropThreads();
        } catch (LinkageError | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
