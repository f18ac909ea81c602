package org.nlsig.math.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Reusable native buffers, one set per thread, through which Java arrays reach OpenBLAS and LAPACK.
 *
 * <p>Why: JavaCPP hands a {@code double[]} argument to native code through JNI's {@code
 * Get/ReleaseDoubleArrayElements}, which allocates a native copy of every argument of every call and copies each one
 * back afterwards, inputs included; LAPACKE's convenience drivers likewise allocate their workspace per call (16 MB for
 * dsyevd at 1022). Here inputs are copied in once, only outputs are copied out, and workspaces stay allocated and paged
 * in. In the affinity score the gain is small next to the arithmetic (BENCHMARKS.md); isolated calls on fresh 8 MB
 * arrays were 15-35 ms slower through JNI copies.
 *
 * <p>Each thread keeps buffers as large as the largest problem it has scored (a few times n x max(d, 2n) doubles)
 * until the thread ends; JavaCPP frees them once their thread and its thread-local are collected.
 */
final class NativeScratch {
    private static final ThreadLocal<NativeScratch> LOCAL = ThreadLocal.withInitial(NativeScratch::new);

    private final DoublePointer[] slots = new DoublePointer[5];
    private IntPointer ints;

    private NativeScratch() {
    }

    static NativeScratch get() {
        return LOCAL.get();
    }

    /** Slot {@code slot} holding a copy of {@code a}. */
    DoublePointer in(int slot, double[] a) {
        DoublePointer p = slot(slot, a.length);
        p.put(a, 0, a.length);
        return p;
    }

    /** Slot {@code slot} with room for {@code length} values, contents unspecified. */
    DoublePointer slot(int slot, long length) {
        DoublePointer p = slots[slot];
        if (p == null || p.capacity() < length) {
            if (p != null) {
                p.close();
            }
            // Grow geometrically so a run of slowly growing sizes does not reallocate every call.
            long capacity = Math.max(length, p == null ? 0 : p.capacity() + p.capacity() / 2);
            p = new DoublePointer(Math.max(1, capacity));
            slots[slot] = p;
        }
        return p.position(0);
    }

    /** The integer slot with room for {@code length} values, contents unspecified. */
    IntPointer ints(long length) {
        if (ints == null || ints.capacity() < length) {
            if (ints != null) {
                ints.close();
            }
            ints = new IntPointer(Math.max(1, length));
        }
        return ints.position(0);
    }

    /** Copies the first {@code a.length} values of {@code p} into {@code a}. */
    static void out(DoublePointer p, double[] a) {
        p.position(0).get(a, 0, a.length);
    }
}
