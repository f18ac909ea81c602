package org.nlsig.onnx.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates hostile models for every place a tensor can hold external data and checks that each is refused with
 * the tensor named, while the same model with a legitimate side file inside its folder loads and the side file's
 * bytes are covered by the weights hash.
 */
class ExternalDataFuzzTest {
    @TempDir
    Path dir;

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    private static TensorProto.Builder external(String name, int type, String location) {
        return TensorProto.newBuilder().setName(name).setDataType(type).addDims(2)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("8"));
    }

    private static TensorProto inline(String name, int type) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).addDims(2);
        if (type == TensorProto.DataType.INT64_VALUE) {
            t.addInt64Data(0).addInt64Data(1);
        } else {
            t.addFloatData(1).addFloatData(2);
        }
        return t.build();
    }

    private static SparseTensorProto sparseValues(String name, String location) {
        return SparseTensorProto.newBuilder().addDims(4).setValues(external(name, FLOAT, location))
                .setIndices(inline(name + "_idx", TensorProto.DataType.INT64_VALUE)).build();
    }

    private static SparseTensorProto sparseIndices(String name, String location) {
        return SparseTensorProto.newBuilder().addDims(4).setValues(inline(name + "_val", FLOAT))
                .setIndices(external(name, TensorProto.DataType.INT64_VALUE, location)).build();
    }

    private static AttributeProto tensorAttr(String attr, TensorProto t) {
        return AttributeProto.newBuilder().setName(attr).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    private static AttributeProto sparseAttr(String attr, SparseTensorProto s) {
        return AttributeProto.newBuilder().setName(attr).setType(AttributeProto.AttributeType.SPARSE_TENSOR)
                .setSparseTensor(s).build();
    }

    private static NodeProto constant(String out, AttributeProto value) {
        return NodeProto.newBuilder().setOpType("Constant").setName("/const/" + out).addOutput(out)
                .addAttribute(value).build();
    }

    private static ValueInfoProto vi(String name, int type) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2))))).build();
    }

    /** A subgraph (If branch / Loop body) holding {@code node}. */
    private static GraphProto body(String name, NodeProto node) {
        return GraphProto.newBuilder().setName(name).addNode(node).addOutput(vi(node.getOutput(0), FLOAT)).build();
    }

    /** x -> Relu -> y, plus whatever {@code extra} adds. */
    private static ModelProto model(java.util.function.Consumer<GraphProto.Builder> graph,
                                    java.util.function.Consumer<ModelProto.Builder> model) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("fuzz").addInput(vi("x", FLOAT))
                .addOutput(vi("y", FLOAT))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("/relu").addInput("x").addOutput("y"));
        graph.accept(g);
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName("fuzz")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(g);
        model.accept(m);
        return m.build();
    }

    private static ModelProto inGraph(java.util.function.Consumer<GraphProto.Builder> graph) {
        return model(graph, m -> { });
    }

    /** Each place, as a function from an external location to a model whose tensor "T" refers to it. */
    private static Map<String, Function<String, ModelProto>> places() {
        Map<String, Function<String, ModelProto>> p = new LinkedHashMap<>();
        p.put("initializer", loc -> inGraph(g -> g.addInitializer(external("T", FLOAT, loc))));
        p.put("sparse initializer values", loc -> inGraph(g -> g.addSparseInitializer(sparseValues("T", loc))));
        p.put("sparse initializer indices", loc -> inGraph(g -> g.addSparseInitializer(sparseIndices("T", loc))));
        p.put("Constant value", loc -> inGraph(g -> g.addNode(constant("c", tensorAttr("value",
                external("T", FLOAT, loc).build())))));
        p.put("Constant sparse_value values", loc -> inGraph(g -> g.addNode(constant("c",
                sparseAttr("sparse_value", sparseValues("T", loc))))));
        p.put("Constant sparse_value indices", loc -> inGraph(g -> g.addNode(constant("c",
                sparseAttr("sparse_value", sparseIndices("T", loc))))));
        p.put("attribute tensors", loc -> inGraph(g -> g.addNode(NodeProto.newBuilder().setOpType("Custom")
                .setDomain("com.example").setName("/custom").addOutput("c")
                .addAttribute(AttributeProto.newBuilder().setName("tables").setType(
                        AttributeProto.AttributeType.TENSORS).addTensors(inline("ok", FLOAT))
                        .addTensors(external("T", FLOAT, loc))))));
        p.put("attribute sparse_tensors", loc -> inGraph(g -> g.addNode(NodeProto.newBuilder().setOpType("Custom")
                .setDomain("com.example").setName("/custom").addOutput("c")
                .addAttribute(AttributeProto.newBuilder().setName("tables").setType(
                        AttributeProto.AttributeType.SPARSE_TENSORS).addSparseTensors(sparseValues("T", loc))))));
        p.put("If branch Constant", loc -> inGraph(g -> g.addInitializer(TensorProto.newBuilder().setName("cond")
                .setDataType(TensorProto.DataType.BOOL_VALUE).addInt32Data(1))
                .addNode(NodeProto.newBuilder().setOpType("If").setName("/if").addInput("cond").addOutput("c")
                        .addAttribute(AttributeProto.newBuilder().setName("then_branch")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(body("then",
                                        constant("t", tensorAttr("value", external("T", FLOAT, loc).build())))))
                        .addAttribute(AttributeProto.newBuilder().setName("else_branch")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(body("else",
                                        constant("e", tensorAttr("value", inline("E", FLOAT)))))))));
        p.put("Loop body initializer inside an If", loc -> inGraph(g -> g.addNode(NodeProto.newBuilder()
                .setOpType("Loop").setName("/loop").addOutput("c")
                .addAttribute(AttributeProto.newBuilder().setName("body").setType(AttributeProto.AttributeType.GRAPH)
                        .setG(GraphProto.newBuilder().setName("loop_body").addNode(NodeProto.newBuilder()
                                .setOpType("If").setName("/loop/if").addOutput("z")
                                .addAttribute(AttributeProto.newBuilder().setName("then_branch")
                                        .setType(AttributeProto.AttributeType.GRAPH).setG(GraphProto.newBuilder()
                                                .setName("deep").addInitializer(external("T", FLOAT, loc))))))))));
        p.put("Scan graphs attribute", loc -> inGraph(g -> g.addNode(NodeProto.newBuilder().setOpType("Custom")
                .setDomain("com.example").setName("/custom").addOutput("c")
                .addAttribute(AttributeProto.newBuilder().setName("bodies").setType(AttributeProto.AttributeType.GRAPHS)
                        .addGraphs(body("b0", constant("k", tensorAttr("value",
                                external("T", FLOAT, loc).build()))))))));
        p.put("function body Constant", loc -> model(g -> { }, m -> m.addFunctions(FunctionProto.newBuilder()
                .setName("F").setDomain("local").addOutput("o").addOpsetImport(OperatorSetIdProto.newBuilder()
                        .setDomain("").setVersion(17))
                .addNode(constant("o", tensorAttr("value", external("T", FLOAT, loc).build()))))));
        p.put("function body Constant sparse_value", loc -> model(g -> { }, m -> m.addFunctions(FunctionProto
                .newBuilder().setName("F").setDomain("local").addOutput("o")
                .addNode(constant("o", sparseAttr("sparse_value", sparseValues("T", loc)))))));
        p.put("function default attribute", loc -> model(g -> { }, m -> m.addFunctions(FunctionProto.newBuilder()
                .setName("F").setDomain("local").addOutput("o")
                .addAttributeProto(tensorAttr("table", external("T", FLOAT, loc).build())))));
        return p;
    }

    @Test
    void everyPlaceRefusesHostileLocationsAndHashesLegitimateOnes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("model"));
        Path secret = Files.write(dir.resolve("secret.bin"), new byte[64]);
        Files.createSymbolicLink(folder.resolve("link.bin"), secret);
        Files.createSymbolicLink(folder.resolve("zero.bin"), Path.of("/dev/zero"));
        Files.createDirectories(folder.resolve("sub"));
        List<String> hostile = List.of(secret.toString(), "../secret.bin", "sub/../../secret.bin", "link.bin",
                "/dev/zero", "zero.bin", "/etc/passwd", "sub", "missing.bin");
        Path file = folder.resolve("model.onnx");
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Map.Entry<String, Function<String, ModelProto>> place : places().entrySet()) {
            for (String location : hostile) {
                cases++;
                Files.write(file, place.getValue().apply(location).toByteArray());
                try {
                    ModelLoader.load(file);
                    failures.add(place.getKey() + " with " + location + ": accepted");
                } catch (OnnxFormatException e) {
                    if (!e.getMessage().contains("tensor 'T'") || !e.getMessage().contains(location)) {
                        failures.add(place.getKey() + " with " + location + ": " + e.getMessage());
                    }
                }
            }
            // The near miss: a legitimate side file inside the folder is accepted and covered by the hash.
            Path side = Files.write(folder.resolve("w.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            Files.write(file, place.getValue().apply("w.bin").toByteArray());
            OnnxModel m = ModelLoader.load(file);
            assertTrue(m.hasExternalData(), place.getKey());
            String before = m.externalDataSha256().orElseThrow();
            Files.write(side, new byte[] {1, 2, 3, 4, 5, 6, 7, 9});
            String after = ModelLoader.load(file).externalDataSha256().orElseThrow();
            assertNotEquals(before, after, place.getKey() + ": the hash must cover the side file's bytes");
            assertEquals(m.sha256(), ModelLoader.load(file).sha256(), place.getKey());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(places().size() * hostile.size(), cases);
    }

    @Test
    void externalEntriesWithoutTheExternalFlagAreCheckedToo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("m2"));
        TensorProto sneaky = external("T", FLOAT, "/etc/passwd").setDataLocation(TensorProto.DataLocation.DEFAULT)
                .build();
        Path file = folder.resolve("model.onnx");
        Files.write(file, inGraph(g -> g.addNode(constant("c", sparseAttr("sparse_value", SparseTensorProto
                .newBuilder().addDims(4).setValues(sneaky).build())))).toByteArray());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> ModelLoader.load(file));
        assertTrue(e.getMessage().contains("tensor 'T'") && e.getMessage().contains("/etc/passwd"), e.getMessage());
    }
}
