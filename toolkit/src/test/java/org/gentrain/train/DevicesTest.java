package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auto} takes a GPU where DJL sees one, and otherwise says which part is missing. */
class DevicesTest {

    private static final DeviceFacts CPU_NATIVES = new DeviceFacts(false, "cpu", null, 0, null);
    private static final DeviceFacts CPU_NATIVES_WITH_DRIVER = new DeviceFacts(false, "cpu", "550.54.14", 0, null);
    private static final DeviceFacts CUDA_NO_DRIVER = new DeviceFacts(true, "cu124", null, 0, null);
    private static final DeviceFacts CUDA_NO_DEVICE = new DeviceFacts(true, "cu124", "550.54.14", 0, "");
    private static final DeviceFacts CUDA_TWO_GPUS = new DeviceFacts(true, "cu124", "550.54.14", 2, null);

    @Test
    void autoTakesTheFirstGpuWhereDjlSeesOne() {
        DeviceChoice choice = Devices.decide("auto", () -> CUDA_TWO_GPUS);
        assertEquals(Device.gpu(0), choice.device());
        assertEquals(DeviceChoice.Cause.GPU_FOUND, choice.cause());
        assertEquals("DJL sees 2 CUDA devices with the cu124 natives", choice.reason());
    }

    @Test
    void autoOnCpuNativesSaysTheyAreTheReasonAndNamesTheProfile() {
        DeviceChoice choice = Devices.decide("auto", () -> CPU_NATIVES);
        assertEquals(Device.cpu(), choice.device());
        assertEquals(DeviceChoice.Cause.NO_GPU_NATIVES, choice.cause());
        assertEquals(
                "no GPU natives: the libtorch loaded is a CPU build (cpu); a GPU build needs mvn -Pcuda",
                choice.reason());
    }

    @Test
    void cpuNativesAreTheReasonEvenWithADriver() {
        DeviceChoice choice = Devices.decide("auto", () -> CPU_NATIVES_WITH_DRIVER);
        assertEquals(DeviceChoice.Cause.NO_GPU_NATIVES, choice.cause());
        assertTrue(choice.reason().endsWith("(NVIDIA driver: 550.54.14)"), choice.reason());
    }

    @Test
    void cudaNativesWithoutADriverSayNoDriver() {
        DeviceChoice choice = Devices.decide("auto", () -> CUDA_NO_DRIVER);
        assertEquals(Device.cpu(), choice.device());
        assertEquals(DeviceChoice.Cause.NO_DRIVER, choice.cause());
        assertEquals(
                "no driver: the cu124 natives are loaded but no NVIDIA driver is installed"
                        + " (/proc/driver/nvidia/version is absent)",
                choice.reason());
    }

    @Test
    void cudaNativesAndADriverWithoutDevicesSayNoDeviceAndShowTheVisibleDevices() {
        DeviceChoice choice = Devices.decide("auto", () -> CUDA_NO_DEVICE);
        assertEquals(Device.cpu(), choice.device());
        assertEquals(DeviceChoice.Cause.NO_DEVICE, choice.cause());
        assertEquals(
                "no device: the cu124 natives are loaded and the NVIDIA driver is 550.54.14, but CUDA"
                        + " reports no usable device (CUDA_VISIBLE_DEVICES=); the driver may be too old for cu124",
                choice.reason());
    }

    @Test
    void gpuByNameWithoutOneIsAnErrorCarryingTheReason() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Devices.decide("gpu", () -> CUDA_NO_DRIVER));
        assertEquals(
                "device gpu: no driver: the cu124 natives are loaded but no NVIDIA driver is installed"
                        + " (/proc/driver/nvidia/version is absent); use auto or cpu",
                e.getMessage());
    }

    @Test
    void gpuByNameWithOneIsRequested() {
        DeviceChoice choice = Devices.decide(" GPU ", () -> CUDA_TWO_GPUS);
        assertEquals(Device.gpu(0), choice.device());
        assertEquals(DeviceChoice.Cause.REQUESTED, choice.cause());
    }

    @Test
    void cpuByNameReadsNoFacts() {
        DeviceChoice choice = Devices.decide("cpu", () -> fail("cpu must not look at the engine"));
        assertEquals(new DeviceChoice(Device.cpu(), DeviceChoice.Cause.REQUESTED, "asked for cpu"), choice);
    }

    @Test
    void anotherNameIsRejectedWithTheAllowedOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Devices.decide("tpu", () -> CPU_NATIVES));
        assertEquals("device must be one of auto, cpu, gpu; was 'tpu'", e.getMessage());
    }

    @Test
    void nullMeansAuto() {
        assertEquals(
                DeviceChoice.Cause.NO_GPU_NATIVES,
                Devices.decide(null, () -> CPU_NATIVES).cause());
    }

    @Test
    void flavourComesFromDjlsCacheFolderNameThenPytorchFlavorThenTheCapability() {
        assertEquals(
                "cpu", Devices.nativesFlavor("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", null, false));
        assertEquals("cu124", Devices.nativesFlavor("/c/pytorch/2.5.1-cu124-linux-x86_64", "cpu", true));
        assertEquals("cu121-precxx11", Devices.nativesFlavor("/c/2.3.1-cu121-precxx11-linux-x86_64", null, true));
        assertEquals("cu118", Devices.nativesFlavor("/opt/libtorch/lib", "cu118", true));
        assertEquals("cuda", Devices.nativesFlavor("/opt/libtorch/lib", null, true));
        assertEquals("cpu", Devices.nativesFlavor("/opt/libtorch/lib", " ", false));
    }

    @Test
    void driverVersionIsReadFromTheKernelModuleLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("version");
        Files.writeString(
                file,
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\n"
                        + "GCC version:  gcc version 12.2.0\n",
                StandardCharsets.UTF_8);
        assertEquals("550.54.14", Devices.nvidiaDriver(file));
        Files.writeString(file, "NVRM version: something else\n", StandardCharsets.UTF_8);
        assertEquals("NVRM version: something else", Devices.nvidiaDriver(file));
        assertNull(Devices.nvidiaDriver(dir.resolve("absent")));
    }

    @Test
    void factsOfTheRunningEngineAgreeWithEngine() {
        DeviceFacts facts = Devices.facts();
        Engine engine = Engine.getInstance();
        assertEquals(engine.hasCapability(StandardCapabilities.CUDA), facts.cudaNatives());
        assertEquals(engine.getGpuCount(), facts.gpuCount());
        assertEquals(
                System.getProperty("PYTORCH_FLAVOR", facts.nativesFlavor()),
                facts.nativesFlavor(),
                "the build's pytorch.flavor (surefire passes it as PYTORCH_FLAVOR)");
        DeviceChoice auto = Devices.explain("auto");
        assertEquals(Devices.choose("auto"), auto.device());
        assertEquals(facts.gpuCount() > 0 ? Device.gpu() : Device.cpu(), auto.device());
    }

    @Test
    void invalidFactsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceFacts(false, " ", null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new DeviceFacts(false, "cpu", null, -1, null));
    }
}
