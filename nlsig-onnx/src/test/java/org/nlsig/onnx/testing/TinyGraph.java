package org.nlsig.onnx.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;

/** Builds small ONNX graphs in Java for hermetic tests: named nodes, scalar constants, typed inputs/outputs. */
public final class TinyGraph {
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("tiny");
    private final int opset;
    private int constants;

    public TinyGraph(int opset) {
        this.opset = opset;
    }

    /** A float input with a symbolic batch dimension (-1) or fixed dims. */
    public TinyGraph input(String name, int elemType, long... dims) {
        g.addInput(valueInfo(name, elemType, dims));
        return this;
    }

    public TinyGraph output(String name, int elemType, long... dims) {
        g.addOutput(valueInfo(name, elemType, dims));
        return this;
    }

    /** A scalar float constant as an initializer; returns its name. */
    public String scalar(double value) {
        String name = "const_" + constants++;
        g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData((float) value));
        return name;
    }

    /** A scalar float constant as a Constant node; returns its output name. */
    public String constantNode(double value) {
        String name = "constnode_" + constants++;
        g.addNode(NodeProto.newBuilder().setOpType("Constant").setName("/const/" + name).addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE)
                                .addFloatData((float) value))));
        return name;
    }

    public TinyGraph initializer(TensorProto t) {
        g.addInitializer(t);
        return this;
    }

    /** Adds a node named {@code name} writing tensor {@code out}. */
    public TinyGraph node(String op, String name, String out, String... inputs) {
        g.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out)
                .addAllInput(java.util.List.of(inputs)));
        return this;
    }

    public TinyGraph node(NodeProto.Builder n) {
        g.addNode(n);
        return this;
    }

    public static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    public ModelProto model() {
        return ModelProto.newBuilder().setIrVersion(opset >= 18 ? 8 : 7).setProducerName("nlsig-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g).build();
    }

    public OnnxModel inMemory() {
        return OnnxModel.inMemory(model());
    }

    /** Writes the model to {@code file} and loads it back. */
    public OnnxModel saveAndLoad(Path file) throws IOException {
        Files.write(file, model().toByteArray());
        return ModelLoader.load(file);
    }

    private static ValueInfoProto valueInfo(String name, int elemType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }
}
