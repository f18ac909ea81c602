package org.nlsig.data.source;

import java.util.Optional;
import org.nlsig.data.preprocess.Preprocessing;

/** A source of images, decoded and preprocessed by its {@link ImageSampler}: float32 tensors, always. */
interface ImageSource extends DataSource {
    ImageSampler sampler();

    @Override
    default Optional<Preprocessing> preprocessing() {
        return Optional.of(sampler().preprocessing());
    }

    @Override
    default ElementType elementType() {
        return ElementType.FLOAT32;
    }
}
