package org.nlsig.signature.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import org.nlsig.io.Sha256;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.inputs.InputValue;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.signature.output.SignatureJson;
import org.nlsig.signature.result.MetricName;

/**
 * Everything that decides a run's result, derived from its {@link SignatureRequest} (the data selection and the
 * scoring, not threads, device or output folder), the model's and the data's identity, and the sites with their
 * resolved feature axes. Its canonical JSON is journalled; the resume fingerprint is that JSON's SHA-256, so a resume
 * with anything that changes the result is refused, and the refusal can name what changed.
 *
 * @param modelSha256        the model file's SHA-256
 * @param externalDataSha256 its external data's, or null
 * @param data               the data spec as given
 * @param dataDescription    the opened source's description (what it resolved to)
 * @param batchSize          samples per batch
 * @param batches            batches planned
 * @param pooling            pooling mode id
 * @param covariance         covariance estimator id
 * @param metrics            metric ids besides the affinity score
 * @param strict             whether a non-finite activation stops the run
 * @param sites              the sites in capture order
 * @param tokenMask          the input whose mask pools token tensors, or null
 * @param tokens             real tokens drawn per batch ({@code --tokens}), 0 when sequences are pooled
 * @param inputs             the {@code --input} values as given, an {@code npy:} file followed by its SHA-256
 * @param shuffleSeed        the seed of the sample order, or null for the source's order (then left out of the JSON:
 *                           the identity of an unshuffled run is what it was before seeds existed)
 */
public record RunIdentity(String modelSha256, String externalDataSha256, String data, String dataDescription,
        int batchSize, int batches, String pooling, String covariance, List<String> metrics, boolean strict,
        List<Site> sites, String tokenMask, int tokens, List<String> inputs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long shuffleSeed) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public RunIdentity {
        metrics = List.copyOf(metrics);
        sites = List.copyOf(sites);
        inputs = List.copyOf(inputs);
    }

    /** A site as far as the result depends on it: which tensor, pooled on which axis. */
    public record Site(int index, String name, String output, int featureAxis) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** @param sites the sites with their feature axes resolved */
    public static RunIdentity of(OnnxModel model, SignatureRequest req, String dataDescription, int planned,
            List<ActivationSite> sites) {
        return of(model, req, dataDescription, planned, sites, null);
    }

    /** @param tokenMask the input whose mask pools token tensors, or null */
    public static RunIdentity of(OnnxModel model, SignatureRequest req, String dataDescription, int planned,
            List<ActivationSite> sites, String tokenMask) {
        List<Site> s = new ArrayList<>();
        for (ActivationSite a : sites) {
            s.add(new Site(a.index(), a.name(), a.outputTensor(), a.featureAxis()));
        }
        SignatureRequest.Scoring scoring = req.scoring();
        return new RunIdentity(model.sha256(), model.externalDataSha256().orElse(null), req.data().spec(),
                dataDescription, req.data().batchSize(), planned, scoring.pooling().id(), scoring.covariance().id(),
                scoring.metrics().stream().map(MetricName::id).toList(), scoring.strict(), s, tokenMask,
                scoring.tokens(), inputValues(req), req.data().shuffleSeed());
    }

    /** The --input values; a per-sample file is identified by its bytes too, since it decides the result. */
    private static List<String> inputValues(SignatureRequest req) {
        List<String> out = new ArrayList<>();
        for (InputAssignment a : req.data().inputs()) {
            String text = a.text();
            if (a.value() instanceof InputValue.Npy npy) {
                try {
                    text += " sha256=" + Sha256.of(npy.file());
                } catch (java.io.IOException e) {
                    throw new UserInputException("--input " + a + ": cannot read " + npy.file() + ": " + e.getMessage());
                }
            }
            out.add(text);
        }
        return out;
    }

    /** One line of JSON, keys in declaration order: the same identity always gives the same bytes. */
    public String canonicalJson() {
        try {
            return SignatureJson.mapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the run identity", e);
        }
    }
}
