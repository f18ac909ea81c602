package org.nlsig.onnx.tracks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.pooling.TensorPooling;
import org.nlsig.onnx.pooling.TokenMask;

/**
 * A data track: the tensors one sample flows through, in order (docs/method.md section 7), and how they were chosen.
 *
 * @param tensors the positions x(0) ... x(L)
 * @param source  how the track was found: {@code auto (residual stream)}, {@code names} or {@code regex 'PATTERN'}
 */
public record Track(List<TrackTensor> tensors, String source) {
    public Track {
        tensors = List.copyOf(tensors);
    }

    public List<String> names() {
        return tensors.stream().map(TrackTensor::name).toList();
    }

    /**
     * Maximal runs of consecutive tensors of the same shape, as [from, to] position pairs (to included): the
     * segments of equal width of a network whose width changes (the stages of a ResNet).
     */
    public List<int[]> equalShapeRuns() {
        List<int[]> runs = new ArrayList<>();
        int from = 0;
        for (int l = 1; l <= tensors.size(); l++) {
            if (l == tensors.size() || !tensors.get(l).sampleShape().equals(tensors.get(from).sampleShape())) {
                runs.add(new int[] {from, l - 1});
                from = l;
            }
        }
        return runs;
    }

    /**
     * Throws when the tensors do not all have the same shape, naming each group of tensors and its shape.
     *
     * @throws IllegalArgumentException naming the tensors and shapes
     */
    public void requireOneShape() {
        List<int[]> runs = equalShapeRuns();
        if (runs.size() <= 1) {
            return;
        }
        String groups = runs.stream().map(r -> names().subList(r[0], r[1] + 1) + " have shape "
                + tensors.get(r[0]).info().shapeText()).collect(Collectors.joining("; "));
        throw new UserInputException("the track's tensors do not all have the same shape, so their steps "
                + "cannot be compared: " + groups + ". Choose tensors of one shape (--track NAME,NAME,... or a "
                + "regex), or measure each segment of equal shape with --segments");
    }

    /** How each tensor is captured: pooled with {@code mode} on its feature axis, or flattened. */
    public List<TensorPooling> pooling(PoolingMode mode, boolean flatten) {
        return pooling(mode, flatten, Optional.empty());
    }

    /**
     * As {@link #pooling(PoolingMode, boolean)}; with token data's {@code mask}, each token tensor the mask
     * {@link TokenMask#pools pools} is averaged over the real tokens only, as a signature run pools its token sites.
     */
    public List<TensorPooling> pooling(PoolingMode mode, boolean flatten, Optional<TokenMask> mask) {
        List<TensorPooling> plan = new ArrayList<>();
        for (TrackTensor t : tensors) {
            TensorInfo info = t.info();
            boolean tokens = mask.isPresent() && !flatten && info.rank() > 1
                    && mask.get().pools(mode, info.rank(), t.featureAxis(), info.dims().get(1));
            plan.add(flatten ? TensorPooling.flattened(t.name(), info.elementType(), info.rank())
                    : tokens ? TensorPooling.maskedTokens(t.name(), info.elementType())
                    : TensorPooling.pooled(t.name(), info.elementType(), info.rank(), t.featureAxis(), mode));
        }
        return plan;
    }
}
