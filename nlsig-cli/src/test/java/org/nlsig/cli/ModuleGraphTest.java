package org.nlsig.cli;

import static java.util.stream.Collectors.toCollection;
import static java.util.stream.Collectors.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The module graph of issue 14: each nlsig module's descriptor (read from the jar or classes folder the class path
 * has it in; tests themselves run on the class path) exports exactly its API packages, opens exactly what Jackson and
 * picocli reflect on, requires only the nlsig modules the layering allows (nlsig-math none), and the whole graph
 * resolves with the third-party modules.
 */
class ModuleGraphTest {

    /** A class of each nlsig module, to find where the module is. */
    private static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("org.nlsig.io", "org.nlsig.io.UserInputException");
        MODULES.put("org.nlsig.math", "org.nlsig.math.SampleMatrix");
        MODULES.put("org.nlsig.onnx", "org.nlsig.onnx.model.OnnxModel");
        MODULES.put("org.nlsig.data", "org.nlsig.data.source.DataSource");
        MODULES.put("org.nlsig.signature", "org.nlsig.signature.result.Signature");
        MODULES.put("org.nlsig.report", "org.nlsig.report.ReportWriter");
        MODULES.put("org.nlsig.cli", "org.nlsig.cli.NlsigCommand");
    }

    private static final Map<String, Set<String>> EXPORTS = Map.of(
            "org.nlsig.io", Set.of("org.nlsig.io", "org.nlsig.io.npy"),
            "org.nlsig.math", Set.of("org.nlsig.math", "org.nlsig.math.activations", "org.nlsig.math.affinity",
                    "org.nlsig.math.analysis", "org.nlsig.math.covariance", "org.nlsig.math.geodesic",
                    "org.nlsig.math.linalg", "org.nlsig.math.metrics", "org.nlsig.math.transport"),
            "org.nlsig.onnx", Set.of("org.nlsig.onnx.inputs", "org.nlsig.onnx.model", "org.nlsig.onnx.pooling",
                    "org.nlsig.onnx.runtime", "org.nlsig.onnx.sites", "org.nlsig.onnx.tracks"),
            "org.nlsig.data", Set.of("org.nlsig.data.batch", "org.nlsig.data.image", "org.nlsig.data.preprocess",
                    "org.nlsig.data.source", "org.nlsig.data.text"),
            "org.nlsig.signature", Set.of("org.nlsig.signature.geodesic", "org.nlsig.signature.output",
                    "org.nlsig.signature.pipeline", "org.nlsig.signature.result", "org.nlsig.signature.study"),
            "org.nlsig.report", Set.of("org.nlsig.report", "org.nlsig.report.activations",
                    "org.nlsig.report.compare", "org.nlsig.report.figure", "org.nlsig.report.geodesic",
                    "org.nlsig.report.page", "org.nlsig.report.study", "org.nlsig.report.table"),
            "org.nlsig.cli", Set.of());

    /** Packages that stay inside their module (they must exist, so that a rename shows up here). */
    private static final Map<String, Set<String>> INTERNAL = Map.of(
            "org.nlsig.io", Set.of(),
            "org.nlsig.math", Set.of(),
            "org.nlsig.onnx", Set.of(),
            "org.nlsig.data", Set.of("org.nlsig.data.download"),
            "org.nlsig.signature", Set.of("org.nlsig.signature.journal"),
            "org.nlsig.report", Set.of("org.nlsig.report.model"),
            "org.nlsig.cli", Set.of("org.nlsig.cli", "org.nlsig.cli.demo"));

    private static final String JACKSON = "com.fasterxml.jackson.databind";
    private static final String PICOCLI = "info.picocli";

    /** Package opened -> the modules it is opened to; no module opens anything else. */
    private static final Map<String, Map<String, Set<String>>> OPENS = Map.of(
            "org.nlsig.signature", Map.of(
                    "org.nlsig.signature.geodesic", Set.of(JACKSON),
                    "org.nlsig.signature.journal", Set.of(JACKSON),
                    "org.nlsig.signature.result", Set.of(JACKSON)),
            "org.nlsig.cli", Map.of(
                    "org.nlsig.cli", Set.of(PICOCLI, JACKSON),
                    "org.nlsig.cli.demo", Set.of(JACKSON)));

    /** The layering: which nlsig modules each may require. nlsig-math depends on nothing of ours. */
    private static final Map<String, Set<String>> NLSIG_REQUIRES = Map.of(
            "org.nlsig.io", Set.of(),
            "org.nlsig.math", Set.of(),
            "org.nlsig.onnx", Set.of("org.nlsig.io"),
            "org.nlsig.data", Set.of("org.nlsig.io"),
            "org.nlsig.signature", Set.of("org.nlsig.io", "org.nlsig.math", "org.nlsig.onnx", "org.nlsig.data"),
            "org.nlsig.report", Set.of("org.nlsig.io", "org.nlsig.math", "org.nlsig.signature"),
            "org.nlsig.cli", Set.of("org.nlsig.io", "org.nlsig.math", "org.nlsig.onnx", "org.nlsig.data",
                    "org.nlsig.signature", "org.nlsig.report"));

    /** A class of each third-party module the nlsig modules require (directly or through requires transitive). */
    private static final Map<String, String> THIRD_PARTY = Map.ofEntries(
            Map.entry("org.bytedeco.javacpp", "org.bytedeco.javacpp.Loader"),
            Map.entry("org.bytedeco.openblas", "org.bytedeco.openblas.global.openblas"),
            Map.entry("com.microsoft.onnxruntime", "ai.onnxruntime.OrtEnvironment"),
            Map.entry("org.tribuo.util.onnx", "ai.onnx.proto.OnnxMl"),
            Map.entry("com.google.protobuf", "com.google.protobuf.Message"),
            Map.entry("com.fasterxml.jackson.databind", "com.fasterxml.jackson.databind.ObjectMapper"),
            Map.entry("com.fasterxml.jackson.core", "com.fasterxml.jackson.core.JsonFactory"),
            Map.entry("com.fasterxml.jackson.annotation", "com.fasterxml.jackson.annotation.JsonProperty"),
            Map.entry("com.fasterxml.jackson.dataformat.csv", "com.fasterxml.jackson.dataformat.csv.CsvMapper"),
            Map.entry("info.picocli", "picocli.CommandLine"),
            Map.entry("org.knowm.xchart", "org.knowm.xchart.XYChart"),
            Map.entry("ai.djl.tokenizers", "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer"),
            Map.entry("ai.djl.api", "ai.djl.util.Utils"),
            Map.entry("VectorGraphics2D", "de.erichseifert.vectorgraphics2d.VectorGraphics2D"));

    private static Path location(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The descriptor of a module, read from where the class path has it; it must be explicit, not automatic. */
    private static ModuleDescriptor descriptor(String module) throws Exception {
        Path where = location(MODULES.get(module));
        ModuleReference ref = ModuleFinder.of(where).find(module)
                .orElseThrow(() -> new AssertionError("no module " + module + " in " + where));
        assertFalse(ref.descriptor().isAutomatic(), module + " in " + where + " has no module-info.class");
        return ref.descriptor();
    }

    @Test
    void eachModuleExportsExactlyItsApiPackages() throws Exception {
        for (String module : MODULES.keySet()) {
            ModuleDescriptor d = descriptor(module);
            for (ModuleDescriptor.Exports e : d.exports()) {
                assertFalse(e.isQualified(), module + " exports " + e.source() + " to " + e.targets()
                        + "; qualified exports are not part of this graph");
            }
            Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source)
                    .collect(toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(EXPORTS.get(module)), exported, module + " exports");
            Set<String> internal = new TreeSet<>(d.packages());
            internal.removeAll(exported);
            assertEquals(new TreeSet<>(INTERNAL.get(module)), internal, module + " internal packages");
        }
    }

    @Test
    void onlyWhatJacksonAndPicocliReflectOnIsOpened() throws Exception {
        for (String module : MODULES.keySet()) {
            ModuleDescriptor d = descriptor(module);
            assertFalse(d.isOpen(), module + " is an open module");
            Map<String, Set<String>> opens = d.opens().stream().collect(toMap(ModuleDescriptor.Opens::source,
                    o -> new TreeSet<>(o.targets()), (a, b) -> a, TreeMap::new));
            for (Set<String> targets : opens.values()) {
                assertFalse(targets.isEmpty(), module + " opens a package to every module");
            }
            Map<String, Set<String>> expected = new TreeMap<>();
            OPENS.getOrDefault(module, Map.of()).forEach((p, t) -> expected.put(p, new TreeSet<>(t)));
            assertEquals(expected, opens, module + " opens");
        }
    }

    @Test
    void mathRequiresNoOtherNlsigModule() throws Exception {
        for (ModuleDescriptor.Requires r : descriptor("org.nlsig.math").requires()) {
            assertFalse(r.name().startsWith("org.nlsig."), "org.nlsig.math requires " + r.name());
        }
    }

    @Test
    void nlsigModulesRequireOnlyWhatTheLayeringAllows() throws Exception {
        for (String module : MODULES.keySet()) {
            Set<String> ours = descriptor(module).requires().stream().map(ModuleDescriptor.Requires::name)
                    .filter(n -> n.startsWith("org.nlsig.")).collect(toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(NLSIG_REQUIRES.get(module)), ours, module + " requires");
        }
    }

    @Test
    void theGraphResolvesFromTheCommandLineModule() throws Exception {
        Set<Path> paths = new java.util.LinkedHashSet<>();
        for (String c : MODULES.values()) {
            paths.add(location(c));
        }
        for (String c : THIRD_PARTY.values()) {
            paths.add(location(c));
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        for (String m : THIRD_PARTY.keySet()) {
            assertTrue(finder.find(m).isPresent(), "third-party module " + m + " not found under its name");
        }
        Configuration cf;
        try {
            cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("org.nlsig.cli"));
        } catch (RuntimeException e) {
            fail("the module graph does not resolve: " + e.getMessage(), e);
            return;
        }
        Set<String> resolved = cf.modules().stream().map(ResolvedModule::name).collect(toCollection(TreeSet::new));
        assertTrue(resolved.containsAll(MODULES.keySet()), "resolved " + resolved);
        ResolvedModule math = cf.findModule("org.nlsig.math").orElseThrow();
        for (ResolvedModule read : math.reads()) {
            assertFalse(read.name().startsWith("org.nlsig."), "org.nlsig.math reads " + read.name());
        }
    }
}
