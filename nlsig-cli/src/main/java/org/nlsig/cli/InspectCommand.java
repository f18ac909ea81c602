package org.nlsig.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nlsig.onnx.model.ComputeCost;
import org.nlsig.onnx.model.IfChoice;
import org.nlsig.onnx.model.IfInlining;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.runtime.ModelFeed;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.DiscoveryOptions;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;
import org.nlsig.onnx.sites.SkippedCandidate;
import org.nlsig.signature.output.SignatureJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nlsig inspect MODEL.onnx}: the model's activation sites and the candidates that are not sites. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"List the activation sites of an ONNX model in execution order (index, name, kind, shape, "
                + "feature axis) and the activation-like nodes that are skipped, with the reason.",
            "Every model input is listed with how a run feeds it; an If whose condition the --input values fix is "
                + "inlined, so the sites shown are those of the branch a run takes."},
        footer = {"", "Example (silero VAD: the whole network is in If(sr == 16000)):",
            "  nlsig inspect silero_vad_v5.onnx --input sr=16000 --input state=zeros:2xBx128 --input-shape 1,512"})
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model file.")
    Path model;

    @Option(names = "--json", description = "Print JSON for machines instead of a table.")
    boolean json;

    @Option(names = "--input-shape", paramLabel = "N,C,H,W", split = ",",
            description = "Shape of the model's first input, batch first, when the model leaves dimensions "
                    + "symbolic (default: the declared shape, batch 1).")
    long[] inputShape;

    @Option(names = "--probe-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long the shape probe (one forward pass on zeros, run when static shape inference "
                    + "leaves shapes open) may run before it is stopped (default: ${DEFAULT-VALUE}).")
    double probeTimeout;

    @Option(names = "--include-softmax", description = "Make Softmax nodes sites too (they are skipped by default).")
    boolean includeSoftmax;

    @Mixin
    ModelInputOptions modelInputs;

    @Override
    public Integer call() throws Exception {
        if (!(probeTimeout > 0) || probeTimeout > 86_400) {
            throw new org.nlsig.io.UserInputException("--probe-timeout " + probeTimeout
                    + ": give a number of seconds above 0 and at most 86400");
        }
        OnnxModel loaded = ModelLoader.load(model);
        ModelFeed feed = ModelFeed.of(loaded, modelInputs.assignments());
        // the sites of the branches a run takes: Ifs whose condition the --input values fix are inlined first
        OnnxModel m = IfInlining.inline(loaded, feed.constants(feed.dataInputs()));
        TensorShapes shapes = ShapeInference.infer(m, new ShapeInference.Probe(feed, inputShape,
                java.time.Duration.ofMillis(Math.max(1, Math.round(probeTimeout * 1000))), modelInputs.logging()));
        SiteReport report = SiteDiscovery.discover(m, shapes, new DiscoveryOptions(includeSoftmax));
        ComputeCost.MacEstimate macs = ComputeCost.macsPerSample(m, shapes);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(SignatureJson.mapper().writeValueAsString(asJson(m, feed, shapes, report, macs)));
        } else {
            printTable(out, m, feed, shapes, report, macs);
        }
        if (!shapes.note().isEmpty()) {
            spec.commandLine().getErr().println("nlsig inspect: warning: " + shapes.note());
        }
        report.notes().forEach(n -> spec.commandLine().getErr().println("nlsig inspect: warning: " + n.text()));
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, OnnxModel m, ModelFeed feed, TensorShapes shapes,
                                   SiteReport report, ComputeCost.MacEstimate macs) {
        out.printf("model       %s%n", m.path());
        out.printf("sha256      %s%n", m.sha256());
        m.externalDataSha256().ifPresent(h -> out.printf("weights     sha256 %s (external data files)%n", h));
        out.printf("opset       %d, %d nodes%s, %,d parameters%n", m.opset(), m.nodeCount(),
                m.ifChoices().stream().anyMatch(c -> c instanceof IfChoice.Inlined) ? " (If branches inlined)" : "",
                m.parameterCount());
        String label = "input";
        for (ModelFeed.InputPlan p : feed.plan(feed.dataInputs())) {
            TensorInfo in = p.input();
            out.printf("%-11s %s %s %s, fed %s%s%n", label, in.name(), in.elementType(), in.shapeText(),
                    p.source() == ModelFeed.Source.STANDARD ? "filled: " : p.source() == ModelFeed.Source.DATA
                            ? "by " : "", p.source() == ModelFeed.Source.DATA ? "the data (shapes below at "
                            + shapeText(shapes.inputShape()) + ")" : p.how());
            label = "";
        }
        for (IfChoice c : m.ifChoices()) {
            if (c instanceof IfChoice.Inlined in) {
                out.printf("%-11s %s: %s runs (%s)%n", "If", in.node(), in.taken(), in.condition());
            } else if (c instanceof IfChoice.Kept k) {
                out.printf("%-11s %s: not inlined, %s%n", "If", k.node(), k.why());
            }
        }
        out.printf("MACs/sample %,d (Conv, Gemm, MatMul%s)%n", macs.macsPerSample(),
                macs.uncountedNodes() > 0 ? "; " + macs.uncountedNodes() + " nodes without known shapes" : "");
        out.printf("%n%d activation sites%n", report.sites().size());
        out.printf("%5s  %-40s %-14s %-20s %4s  %s%n", "index", "name", "kind", "shape", "axis", "ops");
        for (ActivationSite s : report.sites()) {
            out.printf("%5d  %-40s %-14s %-20s %4s  %s%n", s.index(), s.name(), s.kind().label(),
                    s.outputInfo().shapeText(), s.featureAxis() >= 0 ? Integer.toString(s.featureAxis()) : "?",
                    String.join("+", s.opTypes()));
        }
        out.printf("%n%d skipped candidates%n", report.skipped().size());
        for (SkippedCandidate c : report.skipped()) {
            out.printf("  %s (%s) in %s: %s%n", c.nodeName(), c.opType(), c.where(), c.reason());
        }
    }

    /** A shape with "?" for the sizes left open. */
    private static String shapeText(long[] shape) {
        return java.util.Arrays.stream(shape).mapToObj(d -> d < 0 ? "?" : Long.toString(d))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, Object> asJson(OnnxModel m, ModelFeed feed, TensorShapes shapes, SiteReport report,
                                              ComputeCost.MacEstimate macs) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", m.path().toString());
        root.put("sha256", m.sha256());
        root.put("external_data_sha256", m.externalDataSha256().orElse(null));
        root.put("opset", m.opset());
        root.put("nodes", m.nodeCount());
        root.put("parameters", m.parameterCount());
        root.put("macs_per_sample", macs.macsPerSample());
        root.put("macs_uncounted_nodes", macs.uncountedNodes());
        TensorInfo in = m.primaryInput();
        root.put("input", Map.of("name", in.name(), "element_type", in.elementType().name(),
                "shape", in.dims(), "inference_shape", shapes.inputShape()));
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (ModelFeed.InputPlan p : feed.plan(feed.dataInputs())) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.input().name());
            e.put("element_type", p.input().elementType().name());
            e.put("shape", p.input().rankKnown() ? p.input().dims() : null);
            e.put("fed_by", p.source().name().toLowerCase(java.util.Locale.ROOT));
            e.put("how", p.how());
            inputs.add(e);
        }
        root.put("inputs", inputs);
        List<Map<String, Object>> ifs = new ArrayList<>();
        for (IfChoice c : m.ifChoices()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("node", c.node());
            if (c instanceof IfChoice.Inlined inl) {
                e.put("inlined", inl.taken());
                e.put("why", inl.condition());
            } else if (c instanceof IfChoice.Kept k) {
                e.put("inlined", null);
                e.put("why", k.why());
            }
            ifs.add(e);
        }
        root.put("if_nodes", ifs);
        List<Map<String, Object>> sites = new ArrayList<>();
        for (ActivationSite s : report.sites()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", s.index());
            e.put("name", s.name());
            e.put("kind", s.kind().label());
            e.put("shape", s.outputInfo().rankKnown() ? s.outputInfo().dims() : null);
            e.put("feature_axis", s.featureAxis() >= 0 ? s.featureAxis() : null);
            e.put("layout", s.layout().name().toLowerCase(java.util.Locale.ROOT));
            e.put("op_types", s.opTypes());
            e.put("nodes", s.nodeNames());
            e.put("input_tensor", s.inputTensor());
            e.put("output_tensor", s.outputTensor());
            sites.add(e);
        }
        root.put("sites", sites);
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (SkippedCandidate c : report.skipped()) {
            skipped.add(Map.of("node", c.nodeName(), "op_type", c.opType(), "where", c.where(),
                    "reason", c.reason()));
        }
        root.put("skipped", skipped);
        return root;
    }
}
