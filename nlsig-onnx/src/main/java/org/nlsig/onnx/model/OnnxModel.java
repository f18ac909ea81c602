package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nlsig.io.UserInputException;

/** A loaded, validated ONNX model: its protobuf, where it came from, and facts about it. Immutable. */
public final class OnnxModel {
    /** Element types quantisers store weights (int8, uint8, 4-bit) and biases (int32) in. */
    private static final Set<ElementType> QUANTISED_WEIGHT_TYPES = Set.of(ElementType.INT8, ElementType.UINT8,
            ElementType.INT16, ElementType.UINT16, ElementType.INT32, ElementType.INT4, ElementType.UINT4);
    private final Path path;
    private final String sha256;
    private final String externalDataSha256;
    private final ModelProto proto;
    private final Graph graph;
    private final int externalTensorCount;
    private final List<IfChoice> ifChoices;

    OnnxModel(Path path, String sha256, String externalDataSha256, ModelProto proto, int externalTensorCount) {
        this(path, sha256, externalDataSha256, proto, externalTensorCount, List.of());
    }

    private OnnxModel(Path path, String sha256, String externalDataSha256, ModelProto proto, int externalTensorCount,
                      List<IfChoice> ifChoices) {
        this.path = path;
        this.sha256 = sha256;
        this.externalDataSha256 = externalDataSha256;
        this.proto = proto;
        this.graph = new Graph(proto.getGraph());
        this.externalTensorCount = externalTensorCount;
        this.ifChoices = List.copyOf(ifChoices);
    }

    /** The same model file, with its graph rewritten by If inlining: same path, hashes and external data. */
    OnnxModel withInlinedIfs(ModelProto inlined, List<IfChoice> choices) {
        return new OnnxModel(path, sha256, externalDataSha256, inlined, externalTensorCount, choices);
    }

    /** What {@link IfInlining} did with the main graph's If nodes; empty for a model as loaded. */
    public List<IfChoice> ifChoices() {
        return ifChoices;
    }

    /** Wraps a model built in memory (tests, tools); it has no file, so no external data. */
    public static OnnxModel inMemory(ModelProto proto) {
        return new OnnxModel(Path.of("<memory>"), "", "", proto, 0);
    }

    public Path path() {
        return path;
    }

    /** SHA-256 of the model file's bytes, lower-case hex (what {@code sha256sum model.onnx} prints). */
    public String sha256() {
        return sha256;
    }

    /**
     * SHA-256 over the external data files that hold the weights of a large model (see ModelLoader), or empty when
     * the weights are inside the .onnx file, which {@link #sha256} covers.
     */
    public Optional<String> externalDataSha256() {
        return externalDataSha256.isEmpty() ? Optional.empty() : Optional.of(externalDataSha256);
    }

    public ModelProto proto() {
        return proto;
    }

    public Graph graph() {
        return graph;
    }

    /** The folder external-data locations are relative to. */
    public Path folder() {
        Path parent = path.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".").toAbsolutePath();
    }

    public boolean hasExternalData() {
        return externalTensorCount > 0;
    }

    /** The version of the default ("ai.onnx") operator set, which decides how rewritten nodes are spelled. */
    public int opset() {
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return 1;
    }

    /** Nodes of the main graph (nodes inside If/Loop bodies and functions are not counted). */
    public int nodeCount() {
        return proto.getGraph().getNodeCount();
    }

    /**
     * Elements of all floating-point and quantised-integer initializers and Constant-node tensors of the main graph:
     * the trainable parameters once exported (some exporters, paddle2onnx among them, store weights as Constant
     * nodes; quantised models store them as int8/uint8 with int32 biases). int64 constants are shapes and axes, not
     * parameters.
     */
    public long parameterCount() {
        long n = 0;
        for (TensorProto t : proto.getGraph().getInitializerList()) {
            if (isParameterType(t.getDataType())) {
                n += TensorValues.elementCount(t);
            }
        }
        for (ai.onnx.proto.OnnxMl.NodeProto node : proto.getGraph().getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                for (ai.onnx.proto.OnnxMl.AttributeProto a : node.getAttributeList()) {
                    if (a.hasT() && isParameterType(a.getT().getDataType())) {
                        n += TensorValues.elementCount(a.getT());
                    }
                }
            }
        }
        return n;
    }

    private static boolean isParameterType(int dataType) {
        ElementType t = ElementType.of(dataType);
        return t.isFloatingPoint() || QUANTISED_WEIGHT_TYPES.contains(t);
    }

    /** The inputs callers feed: graph inputs that are not initializers. */
    public List<TensorInfo> inputs() {
        Set<String> initializers = new HashSet<>();
        proto.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<TensorInfo> out = new ArrayList<>();
        for (ValueInfoProto vi : proto.getGraph().getInputList()) {
            if (!initializers.contains(vi.getName())) {
                out.add(info(vi));
            }
        }
        return out;
    }

    public List<TensorInfo> outputs() {
        return proto.getGraph().getOutputList().stream().map(OnnxModel::info).toList();
    }

    /** The first input, the one {@code nlsig} feeds data to. */
    public TensorInfo primaryInput() {
        List<TensorInfo> in = inputs();
        if (in.isEmpty()) {
            throw new UserInputException(path + ": the model has no inputs");
        }
        return in.get(0);
    }

    /** The declared type and shape of a value. */
    public static TensorInfo valueInfo(ValueInfoProto vi) {
        return info(vi);
    }

    static TensorInfo info(ValueInfoProto vi) {
        TypeProto type = vi.getType();
        if (!type.hasTensorType()) {
            return TensorInfo.unknown(vi.getName());
        }
        TypeProto.Tensor t = type.getTensorType();
        ElementType et = ElementType.of(t.getElemType());
        if (!t.hasShape()) {
            return new TensorInfo(vi.getName(), et, List.of(), false);
        }
        List<Long> dims = new ArrayList<>();
        List<String> names = new ArrayList<>();
        t.getShape().getDimList().forEach(d -> {
            dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
            names.add(d.hasDimValue() ? "" : d.getDimParam());
        });
        return new TensorInfo(vi.getName(), et, dims, true, names);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
