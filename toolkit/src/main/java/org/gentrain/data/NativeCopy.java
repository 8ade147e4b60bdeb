package org.gentrain.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies Java arrays into NDArrays that own their memory, and frees the staging memory at once.
 *
 * <p>DJL's PyTorch engine turns a heap buffer into a tensor by copying it into a direct {@link
 * ByteBuffer} that the tensor then shares; that buffer is released only when the garbage collector
 * finds it. A data set uploaded once per run is small next to the heap, so the collector rarely
 * runs, and a process that trains many models (an ablation, the benchmark's rounds) would keep
 * every upload resident: about 190 MB per run on the full Fashion-MNIST. Here the tensor is cloned
 * into memory libtorch owns and the staging buffer is freed as soon as the clone exists.
 */
final class NativeCopy {

    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method method = null;
        Object unsafe = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            method = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without sun.misc.Unsafe the staging buffer is left to the garbage collector.
        }
        INVOKE_CLEANER = method;
        UNSAFE = unsafe;
    }

    private NativeCopy() {}

    /** A float32 array of {@code shape} holding {@code values}, owned by {@code manager}. */
    static NDArray floats(NDManager manager, float[] values, Shape shape) {
        ByteBuffer staging =
                ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        staging.asFloatBuffer().put(values);
        return ownedCopy(manager, staging, shape, DataType.FLOAT32);
    }

    /** A uint8 array of {@code shape} holding {@code values}, owned by {@code manager}. */
    static NDArray bytes(NDManager manager, byte[] values, Shape shape) {
        ByteBuffer staging = ByteBuffer.allocateDirect(values.length);
        staging.put(values).flip();
        return ownedCopy(manager, staging, shape, DataType.UINT8);
    }

    /** An int32 array of {@code shape} holding {@code values}, owned by {@code manager}. */
    static NDArray ints(NDManager manager, int[] values, Shape shape) {
        ByteBuffer staging =
                ByteBuffer.allocateDirect(values.length * Integer.BYTES).order(ByteOrder.nativeOrder());
        staging.asIntBuffer().put(values);
        return ownedCopy(manager, staging, shape, DataType.INT32);
    }

    private static NDArray ownedCopy(NDManager manager, ByteBuffer staging, Shape shape, DataType type) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray shared = scratch.create(staging, shape, type);
            NDArray owned = shared.duplicate();
            owned.attach(manager);
            return owned;
        } finally {
            free(staging);
        }
    }

    private static void free(ByteBuffer direct) {
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, direct);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Left to the garbage collector.
            }
        }
    }
}
