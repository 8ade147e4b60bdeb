package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doctor's report agrees with the running engine and says where the natives came from. */
class DoctorTest {

    @Test
    void reportAgreesWithTheRunningEngine() {
        Doctor.Report report = Doctor.report();
        Engine engine = Engine.getInstance();
        assertTrue(report.engineLoaded());
        assertEquals(Engine.getDjlVersion(), report.djl());
        assertEquals(engine.getEngineName() + " " + engine.getVersion(), report.engine());
        assertEquals(engine.hasCapability(StandardCapabilities.CUDA), report.cudaNatives());
        assertEquals(engine.getGpuCount(), report.cudaDevices().size());
        assertTrue(report.java().startsWith(System.getProperty("java.version")), report.java());
        assertTrue(
                engine.getVersion().startsWith(report.libtorchVersion().replaceFirst("-.*", "")),
                report.libtorchVersion() + " vs " + engine.getVersion());
        assertEquals(Devices.explain("auto"), report.auto());
        assertTrue(report.offline(), "gentrain keeps DJL offline");
        for (String field : List.of(
                report.java(),
                report.djl(),
                report.libtorchFlavor(),
                report.nativesSource(),
                report.libtorchDir(),
                report.cacheDir(),
                report.nvidiaDriver(),
                report.cudaRuntime(),
                report.threads())) {
            assertFalse(field.isBlank());
        }
    }

    @Test
    void onThisBuildTheNativesComeFromThePytorchNativeJarOfTheBuildsFlavour() {
        Doctor.Report report = Doctor.report();
        String flavor = System.getProperty("PYTORCH_FLAVOR");
        assertNotNull(flavor, "surefire passes the build's pytorch.flavor");
        assertEquals(flavor, report.libtorchFlavor());
        assertTrue(report.nativesSource().startsWith("jar "), report.nativesSource());
        assertTrue(report.nativesSource().contains("pytorch-native-" + flavor), report.nativesSource());
        assertTrue(
                report.libtorchDir().startsWith(report.cacheDir()), report.libtorchDir() + " in " + report.cacheDir());
    }

    @Test
    void toStringHasOneLinePerFactWithTheAutoReason() {
        Doctor.Report report = Doctor.report();
        List<String> lines = report.toString().lines().toList();
        List<String> names = List.of(
                "java:",
                "DJL:",
                "engine:",
                "libtorch:",
                "natives from:",
                "libtorch dir:",
                "cache dir:",
                "NVIDIA driver:",
                "CUDA runtime:",
                "CUDA devices:",
                "threads:",
                "offline:",
                "--device auto:");
        for (String name : names) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(name)).count(), name + " in\n" + report);
        }
        String auto = lines.get(lines.size() - 1);
        assertTrue(auto.contains(report.auto().reason()), auto);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("threads:") && l.contains("intra-op " + Devices.engineThreads())),
                report.toString());
    }

    @Test
    void nativesSourceFollowsDjlsSearchOrder() throws Exception {
        URL jar = new URL(
                "jar:file:/m2/ai/djl/pytorch/pytorch-native-cu124-2.5.1-linux-x86_64.jar!/" + Doctor.NATIVE_PROPERTIES);
        assertEquals(
                "PYTORCH_LIBRARY_PATH (/opt/libtorch/lib)",
                Doctor.nativesSource("/opt/libtorch/lib", "/elsewhere:/opt/libtorch/lib/", "/usr/lib", jar));
        assertEquals(
                "java.library.path (/opt/libtorch/lib)",
                Doctor.nativesSource("/opt/libtorch/lib", null, "/usr/lib:/opt/libtorch/lib", jar));
        assertTrue(Doctor.nativesSource("/c/2.5.1-cu124-linux-x86_64", "/opt/libtorch/lib", "/usr/lib", jar)
                .startsWith("jar /m2/ai/djl/pytorch/pytorch-native-cu124-2.5.1-linux-x86_64.jar (pytorch-native "));
        assertEquals(
                "downloaded by DJL into the cache",
                Doctor.nativesSource("/c/2.5.1-cu124-linux-x86_64", null, null, null));
    }

    @Test
    void jarFileIsTheFileOfAJarUrl() throws Exception {
        assertEquals("/a b/x.jar", Doctor.jarFile(new URL("jar:file:/a%20b/x.jar!/native/lib/pytorch.properties")));
        assertEquals("file:/a/pytorch.properties", Doctor.jarFile(new URL("file:/a/pytorch.properties")));
    }
}
