package org.nlsig.onnx.tracks;

import java.util.List;
import org.nlsig.onnx.model.TensorInfo;

/**
 * One position of a data track: a tensor of the graph, its inferred type and shape, and the feature axis that
 * {@code channels} pooling keeps.
 */
public record TrackTensor(String name, TensorInfo info, int featureAxis) {

    /** The shape without the batch axis ({@code ?} = -1 for dimensions only known at run time). */
    public List<Long> sampleShape() {
        return info.dims().subList(1, info.dims().size());
    }
}
