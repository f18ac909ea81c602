package org.nlsig.signature.pipeline;

import java.util.List;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.signature.result.RunConfig;

/**
 * What a run computes, known before any batch is read (SignatureRun's first step): how batches feed the model's
 * inputs, the sites with their resolved feature axes, the batches planned, signature.json's config and the run's
 * identity with its fingerprint (the SHA-256 of the identity's canonical JSON), which the journal, a resume and a
 * study's reuse check compare. {@code model} is the model as run: its If branches fixed by the fed values inlined.
 */
record RunPlan(OnnxModel model, TensorShapes shapes, BatchInputs inputs, List<ActivationSite> sites, int planned,
        RunConfig config, RunIdentity identity, String describe, String fingerprint) {

    RunPlan {
        sites = List.copyOf(sites);
    }
}
