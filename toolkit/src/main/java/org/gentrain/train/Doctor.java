package org.gentrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.MemoryUsage;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What gentrain runs on: Java, DJL and its engine, the libtorch actually loaded (version, flavour
 * cpu or cuXXX, where its natives came from), the NVIDIA driver, the CUDA devices DJL sees with
 * their memory, the engine's threads, and the device {@code --device auto} picks with the reason.
 * {@code ./gentrain doctor} prints it; in a notebook or JShell, {@code Doctor.report()}.
 */
public final class Doctor {

    static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";

    private Doctor() {}

    /**
     * The report.
     *
     * @param java the Java runtime's version and vendor
     * @param djl DJL's version
     * @param engine the engine's name and version, or why it failed to load
     * @param engineLoaded whether the engine loaded; if not, the fields after it say "unknown"
     * @param libtorchVersion the version of the loaded libtorch
     * @param libtorchFlavor its flavour: {@code cpu}, {@code cu124}, ...
     * @param cudaNatives whether it was built with CUDA
     * @param nativesSource where its natives came from: a jar on the class path, {@code
     *     PYTORCH_LIBRARY_PATH} or {@code java.library.path}, or DJL's download
     * @param libtorchDir the folder it was loaded from
     * @param cacheDir DJL's cache folder for PyTorch ({@code DJL_CACHE_DIR} / {@code
     *     ENGINE_CACHE_DIR})
     * @param nvidiaDriver the NVIDIA driver's version, or "none"
     * @param cudaRuntime the CUDA runtime's version where DJL sees a device, or "none"
     * @param cudaDevices one line per CUDA device DJL sees: id, compute capability, memory
     * @param threads the engine's intra-op and inter-op threads and the processor count
     * @param offline whether DJL's offline mode is on (it never downloads)
     * @param auto what {@code --device auto} picks and why ({@code null} if the engine did not load)
     */
    public record Report(
            String java,
            String djl,
            String engine,
            boolean engineLoaded,
            String libtorchVersion,
            String libtorchFlavor,
            boolean cudaNatives,
            String nativesSource,
            String libtorchDir,
            String cacheDir,
            String nvidiaDriver,
            String cudaRuntime,
            List<String> cudaDevices,
            String threads,
            boolean offline,
            DeviceChoice auto) {

        public Report {
            cudaDevices = List.copyOf(cudaDevices);
        }

        /** One "name: value" line per fact, aligned, for people. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            line(out, "java", java);
            line(out, "DJL", djl);
            line(out, "engine", engine);
            line(
                    out,
                    "libtorch",
                    libtorchVersion + ", flavour " + libtorchFlavor
                            + (engineLoaded ? (cudaNatives ? " (built with CUDA)" : " (CPU only)") : ""));
            line(out, "natives from", nativesSource);
            line(out, "libtorch dir", libtorchDir);
            line(out, "cache dir", cacheDir);
            line(out, "NVIDIA driver", nvidiaDriver);
            line(out, "CUDA runtime", cudaRuntime);
            line(out, "CUDA devices", cudaDevices.isEmpty() ? "none" : cudaDevices.get(0));
            for (String device : cudaDevices.subList(Math.min(1, cudaDevices.size()), cudaDevices.size())) {
                line(out, "", device);
            }
            line(out, "threads", threads);
            line(out, "offline", offline ? "yes (DJL never downloads)" : "no");
            line(out, "--device auto", auto == null ? "unknown (the engine did not load)" : auto.toString());
            return out.toString();
        }

        private static void line(StringBuilder out, String name, String value) {
            out.append(String.format(Locale.ROOT, "%-14s %s%n", name.isEmpty() ? "" : name + ":", value));
        }
    }

    /** The report for this process (loads the engine if it is not loaded yet). */
    public static Report report() {
        Devices.forceOffline();
        String java = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")";
        String djl = Engine.getDjlVersion();
        String driver = Devices.nvidiaDriver();
        String driverText = driver == null ? "none (" + Devices.NVIDIA_DRIVER_FILE + " is absent)" : driver;
        boolean offline = Boolean.getBoolean("ai.djl.offline");
        String cacheDir = Utils.getEngineCacheDir("pytorch").toString();
        Engine engine;
        try {
            engine = Engine.getInstance();
        } catch (RuntimeException | LinkageError e) {
            String unknown = "unknown";
            return new Report(
                    java,
                    djl,
                    "failed to load: " + e,
                    false,
                    unknown,
                    unknown,
                    false,
                    nativesSource(
                            null,
                            System.getenv("PYTORCH_LIBRARY_PATH"),
                            System.getProperty("java.library.path"),
                            nativeJar()),
                    unknown,
                    cacheDir,
                    driverText,
                    unknown,
                    List.of(),
                    unknown,
                    offline,
                    null);
        }
        DeviceFacts facts = Devices.facts();
        String dir = Devices.libtorchDir();
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < facts.gpuCount(); i++) {
            devices.add(describeGpu(i));
        }
        String runtime = facts.gpuCount() > 0 ? CudaUtils.getCudaVersionString() : "none";
        String threads = "intra-op " + Devices.engineThreads() + ", inter-op " + Devices.engineInteropThreads()
                + ", processors " + Runtime.getRuntime().availableProcessors();
        return new Report(
                java,
                djl,
                engine.getEngineName() + " " + engine.getVersion(),
                true,
                ai.djl.pytorch.jni.LibUtils.getVersion(),
                facts.nativesFlavor(),
                facts.cudaNatives(),
                nativesSource(
                        dir,
                        System.getenv("PYTORCH_LIBRARY_PATH"),
                        System.getProperty("java.library.path"),
                        nativeJar()),
                dir,
                cacheDir,
                driverText,
                runtime,
                devices,
                threads,
                offline,
                Devices.decide("auto", () -> facts));
    }

    private static String describeGpu(int id) {
        Device gpu = Device.gpu(id);
        StringBuilder text = new StringBuilder(gpu.toString());
        try {
            text.append(", compute capability ").append(CudaUtils.getComputeCapability(id));
            MemoryUsage memory = CudaUtils.getGpuMemory(gpu);
            text.append(String.format(
                    Locale.ROOT, ", %.1f GiB total, %.1f GiB in use", memory.getMax() / GIB, memory.getUsed() / GIB));
        } catch (RuntimeException e) {
            text.append(" (memory unknown: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /**
     * Where the natives in {@code libtorchDir} came from, following DJL's search order: a folder in
     * {@code PYTORCH_LIBRARY_PATH}, then in {@code java.library.path}, then the {@code
     * pytorch-native-*} jar whose {@code pytorch.properties} is at {@code nativeJar} (extracted to
     * the cache), else a download by DJL.
     */
    static String nativesSource(String libtorchDir, String pytorchLibraryPath, String javaLibraryPath, URL nativeJar) {
        if (libtorchDir != null) {
            if (contains(pytorchLibraryPath, libtorchDir)) {
                return "PYTORCH_LIBRARY_PATH (" + libtorchDir + ")";
            }
            if (contains(javaLibraryPath, libtorchDir)) {
                return "java.library.path (" + libtorchDir + ")";
            }
        }
        if (nativeJar != null) {
            Properties jar = new Properties();
            try (InputStream in = nativeJar.openStream()) {
                jar.load(in);
            } catch (IOException e) {
                jar.clear();
            }
            return "jar " + jarFile(nativeJar) + " (pytorch-native " + jar.getProperty("flavor", "?") + " "
                    + jar.getProperty("version", "?") + ", extracted to the cache)";
        }
        return libtorchDir == null
                ? "none: no pytorch-native jar on the class path and no PYTORCH_LIBRARY_PATH"
                : "downloaded by DJL into the cache";
    }

    private static boolean contains(String searchPath, String dir) {
        if (searchPath == null || searchPath.isBlank()) {
            return false;
        }
        Path target = Paths.get(dir).toAbsolutePath().normalize();
        for (String entry : searchPath.split(File.pathSeparator)) {
            if (!entry.isBlank()
                    && Paths.get(entry).toAbsolutePath().normalize().equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code pytorch.properties} of a pytorch-native jar on the class path, or {@code null}. */
    static URL nativeJar() {
        return Doctor.class.getClassLoader().getResource(NATIVE_PROPERTIES);
    }

    /** The jar file of a {@code jar:file:...!/entry} URL, or the URL itself for another kind. */
    static String jarFile(URL url) {
        String text = url.toString();
        if (text.startsWith("jar:file:") && text.contains("!/")) {
            return URLDecoder.decode(text.substring("jar:file:".length(), text.indexOf("!/")), StandardCharsets.UTF_8);
        }
        return text;
    }
}
