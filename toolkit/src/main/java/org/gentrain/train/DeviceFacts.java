package org.gentrain.train;

/**
 * What decides where {@code --device auto} trains: whether the libtorch that DJL loaded was built
 * with CUDA, its flavour, whether an NVIDIA driver is installed, and how many CUDA devices DJL
 * sees. {@link Devices#decide} turns these into a {@link DeviceChoice}; {@link Devices#facts()}
 * reads them from the running engine, and tests inject them.
 *
 * @param cudaNatives whether the loaded libtorch was built with CUDA (the engine's {@code CUDA}
 *     capability)
 * @param nativesFlavor the flavour of the loaded libtorch, such as {@code cpu} or {@code cu124}
 * @param nvidiaDriver the NVIDIA kernel driver's version, {@code null} where none is installed, or
 *     a sentence saying it was not checked (outside Linux)
 * @param gpuCount the number of CUDA devices DJL sees (0 without CUDA natives)
 * @param visibleDevices the value of {@code CUDA_VISIBLE_DEVICES}, or {@code null} if unset
 */
public record DeviceFacts(
        boolean cudaNatives, String nativesFlavor, String nvidiaDriver, int gpuCount, String visibleDevices) {

    /**
     * @throws IllegalArgumentException if {@code nativesFlavor} is missing or {@code gpuCount} is
     *     negative
     */
    public DeviceFacts {
        if (nativesFlavor == null || nativesFlavor.isBlank()) {
            throw new IllegalArgumentException(
                    "nativesFlavor must name the libtorch flavour, was '" + nativesFlavor + "'");
        }
        if (gpuCount < 0) {
            throw new IllegalArgumentException("gpuCount must be >= 0, was " + gpuCount);
        }
    }
}
