package org.nlsig.cli;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.runtime.RuntimeLogging;
import picocli.CommandLine.Option;

/**
 * The options that say how a model's inputs are fed, shared by the commands that run a model ({@code @Mixin}):
 * {@code --input NAME=VALUE} for the inputs the data does not give, and {@code --verbose} for ONNX Runtime's own log.
 * Values are parsed by picocli's converter, so a malformed one is a usage error (exit 2) naming the option; whether
 * it fits the model is checked by {@code ModelFeed.of}.
 */
final class ModelInputOptions {
    @Option(names = "--input", paramLabel = "NAME=VALUE", converter = OptionTypes.ModelInput.class,
            description = {"Value of a model input the data does not give (repeatable): a number (sr=16000; a "
                    + "scalar, or the declared shape filled with it), true/false, zeros or ones (the declared "
                    + "shape, its batch axis the batch size), an explicit shape (state=zeros:2xBx128, B the "
                    + "batch size) or npy:FILE (per-sample values, samples along axis 0).",
                "attention_mask, token_type_ids, position_ids, past_key_values.* and use_cache_branch are filled "
                    + "when absent; an If whose condition these values fix runs its branch as part of the model."})
    List<InputAssignment> inputs = new ArrayList<>();

    @Option(names = "--verbose", description = "Also print ONNX Runtime's own warnings and errors (quiet by default).")
    boolean verbose;

    List<InputAssignment> assignments() {
        return List.copyOf(inputs);
    }

    RuntimeLogging logging() {
        return RuntimeLogging.of(verbose);
    }
}
