package org.nlsig.signature.result;

/**
 * How a signature was made, for reproducibility.
 *
 * @param nlsigVersion       nlsig's version
 * @param onnxRuntimeVersion ONNX Runtime's version
 * @param javaVersion        the JVM's version and vendor
 * @param os                 operating system and architecture
 * @param device             the device the model actually ran on (after any fallback)
 * @param started            ISO-8601 start time of the run (of its first part, when resumed)
 * @param finished           ISO-8601 end time
 * @param resumed            how many times the run was resumed from its journal
 */
public record Provenance(String nlsigVersion, String onnxRuntimeVersion, String javaVersion, String os, String device,
        String started, String finished, int resumed) {
}
