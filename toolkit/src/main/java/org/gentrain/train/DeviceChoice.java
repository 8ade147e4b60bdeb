package org.gentrain.train;

import ai.djl.Device;

/**
 * The device a run trains on and why: {@code auto} says which of GPU natives, driver or device was
 * missing when it picks the CPU.
 *
 * @param device the device chosen
 * @param cause the kind of reason
 * @param reason one sentence for people
 */
public record DeviceChoice(Device device, Cause cause, String reason) {

    /** The kind of reason for a choice. */
    public enum Cause {
        /** {@code cpu} or {@code gpu} was asked for by name. */
        REQUESTED,
        /** {@code auto} found a CUDA device. */
        GPU_FOUND,
        /** {@code auto} picked the CPU: the loaded libtorch is a CPU build. */
        NO_GPU_NATIVES,
        /** {@code auto} picked the CPU: CUDA natives, but no NVIDIA driver is installed. */
        NO_DRIVER,
        /** {@code auto} picked the CPU: CUDA natives and a driver, but CUDA reports no device. */
        NO_DEVICE
    }

    @Override
    public String toString() {
        return device + " (" + reason + ")";
    }
}
