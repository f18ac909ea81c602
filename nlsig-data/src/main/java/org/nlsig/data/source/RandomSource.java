package org.nlsig.data.source;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nlsig.io.Limits;
import org.nlsig.io.UserInputException;

/**
 * The paper's "random" dataset: standard Gaussian tensors of a given shape. Sample i depends only on (seed, i), so
 * offsets, limits and shuffling give the same tensors for the same indices.
 */
public final class RandomSource implements DataSource {
    private final long[] shape;
    private final long seed;
    private final long count;
    private final int length;

    public RandomSource(long[] shape, long seed, long count) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new UserInputException("random: shape must have positive dimensions, got " + Arrays.toString(shape));
        }
        if (count <= 0) {
            throw new UserInputException("random: n must be positive, got " + count);
        }
        this.shape = shape.clone();
        this.seed = seed;
        this.count = count;
        this.length = Limits.sampleValues("random:" + String.join("x",
                Arrays.stream(shape).mapToObj(String::valueOf).toArray(String[]::new)), shape);
    }

    @Override
    public long[] sampleShape() {
        return shape.clone();
    }

    @Override
    public ElementType elementType() {
        return ElementType.FLOAT32;
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public boolean hasLabels() {
        return false;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }

    @Override
    public String description() {
        return "random standard Gaussian tensors, shape " + Arrays.toString(shape) + ", seed " + seed + ", n " + count;
    }

    @Override
    public Sample read(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + count);
        }
        // One independent generator per sample, derived from the seed and the index.
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Sample.ofFloats("random#" + index, v, Sample.NO_LABEL);
    }
}
