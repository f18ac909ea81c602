package org.nlsig.signature.pipeline;

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

/** Hermetic ONNX models for pipeline tests: a chain of unary ops on a [N, features] float tensor. */
final class TinyModels {
    private TinyModels() {
    }

    /**
     * x -> ops[0] -> ... -> y (opset 13), written to dir/name; node k is named /op_k/Op, the last /act/Op (so the
     * last site's readable name is {@code act}).
     */
    static Path chain(Path dir, String name, int features, String... ops) throws IOException {
        return chain(dir, name, new long[] {features}, ops);
    }

    /** As {@link #chain(Path, String, int, String...)} on a [N, sampleShape...] tensor. */
    static Path chain(Path dir, String name, long[] sampleShape, String... ops) throws IOException {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : sampleShape) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(type))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type));
        String in = "x";
        for (int k = 0; k < ops.length; k++) {
            String out = k == ops.length - 1 ? "y" : "t" + k;
            g.addNode(NodeProto.newBuilder().setOpType(ops[k]).setName((k == ops.length - 1 ? "/act/" : "/op_" + k + "/") + ops[k]).addInput(in)
                    .addOutput(out));
            in = out;
        }
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build();
        Path file = dir.resolve(name);
        Files.write(file, m.toByteArray());
        return file;
    }
}
