package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TrainingInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks the tensors a model keeps in side files. A malicious model could name any file on the machine as its
 * "external data", so only relative locations that stay inside the model's folder (after resolving symbolic links)
 * and name regular files are accepted, and each referenced range must lie inside its file.
 *
 * <p>Every place ONNX Runtime may read a tensor from is walked, in one pass that serves both the validation and the
 * weights hash: initializers and sparse initializers, tensor attributes of any node ({@code t}, {@code tensors},
 * {@code sparse_tensor}, {@code sparse_tensors}, which covers a Constant node's {@code value}, {@code sparse_value}
 * and tensor-valued {@code value_*}), subgraphs ({@code g}, {@code graphs}) recursively, model-local functions
 * (their nodes and default attributes) and training-info graphs. A tensor with external-data entries is checked
 * whatever its {@code data_location} says.
 */
final class ExternalData {
    /** The validated external files: location as written in the model, mapped to the file it resolved to. */
    record Validated(int tensors, SortedMap<String, Path> files) {
        static final Validated NONE = new Validated(0, Collections.emptySortedMap());
    }

    /** A tensor found in the model, and where (for messages). */
    private record Ref(TensorProto tensor, String where) {
    }

    private ExternalData() {
    }

    /** Validates every external reference; returns how many tensors are stored externally, and their files. */
    static Validated validate(ModelProto model, Path modelFile) throws IOException {
        List<Ref> external = externalTensors(model);
        if (external.isEmpty()) {
            return Validated.NONE;
        }
        Path folder = modelFile.toAbsolutePath().getParent().toRealPath();
        SortedMap<String, Path> files = new TreeMap<>();
        for (Ref r : external) {
            check(r, folder, modelFile, files);
        }
        return new Validated(external.size(), Collections.unmodifiableSortedMap(files));
    }

    /** Every tensor of the model that is stored externally (or carries external-data entries). */
    private static List<Ref> externalTensors(ModelProto model) {
        List<Ref> tensors = new ArrayList<>();
        collect(model.getGraph(), "the main graph", tensors);
        for (FunctionProto f : model.getFunctionsList()) {
            String where = "function '" + f.getName() + "'";
            f.getNodeList().forEach(n -> collect(n, where, tensors));
            for (AttributeProto a : f.getAttributeProtoList()) {
                collect(a, "default attribute '" + a.getName() + "' of " + where, where, tensors);
            }
        }
        for (TrainingInfoProto t : model.getTrainingInfoList()) {
            if (t.hasInitialization()) {
                collect(t.getInitialization(), "a training initialization graph", tensors);
            }
            if (t.hasAlgorithm()) {
                collect(t.getAlgorithm(), "a training algorithm graph", tensors);
            }
        }
        tensors.removeIf(r -> r.tensor().getDataLocation() != TensorProto.DataLocation.EXTERNAL
                && r.tensor().getExternalDataCount() == 0);
        return tensors;
    }

    private static void collect(GraphProto g, String where, List<Ref> out) {
        String in = g.getName().isEmpty() ? where : "graph '" + g.getName() + "'";
        g.getInitializerList().forEach(t -> out.add(new Ref(t, "initializer of " + in)));
        g.getSparseInitializerList().forEach(s -> sparse(s, "sparse initializer of " + in, out));
        g.getNodeList().forEach(n -> collect(n, in, out));
    }

    private static void collect(NodeProto n, String where, List<Ref> out) {
        String node = "node '" + (n.getName().isEmpty() ? n.getOpType() : n.getName()) + "' (" + n.getOpType()
                + ") in " + where;
        for (AttributeProto a : n.getAttributeList()) {
            collect(a, "attribute '" + a.getName() + "' of " + node, node, out);
        }
    }

    private static void collect(AttributeProto a, String what, String node, List<Ref> out) {
        if (a.hasT()) {
            out.add(new Ref(a.getT(), what));
        }
        a.getTensorsList().forEach(t -> out.add(new Ref(t, what)));
        if (a.hasSparseTensor()) {
            sparse(a.getSparseTensor(), what, out);
        }
        a.getSparseTensorsList().forEach(s -> sparse(s, what, out));
        if (a.hasG()) {
            collect(a.getG(), "subgraph '" + a.getName() + "' of " + node, out);
        }
        a.getGraphsList().forEach(g -> collect(g, "subgraph '" + a.getName() + "' of " + node, out));
    }

    private static void sparse(SparseTensorProto s, String where, List<Ref> out) {
        if (s.hasValues()) {
            out.add(new Ref(s.getValues(), "values of the sparse tensor in " + where));
        }
        if (s.hasIndices()) {
            out.add(new Ref(s.getIndices(), "indices of the sparse tensor in " + where));
        }
    }

    private static void check(Ref r, Path folder, Path modelFile, SortedMap<String, Path> files) throws IOException {
        TensorProto t = r.tensor();
        String tensor = "tensor '" + t.getName() + "' (" + r.where() + ")";
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parse(e.getValue(), "offset", tensor, modelFile);
                case "length" -> length = parse(e.getValue(), "length", tensor, modelFile);
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " is external but names no location");
        }
        String quoted = "'" + location + "'";
        if (location.indexOf('\0') >= 0 || location.startsWith("/") || location.startsWith("\\")
                || location.matches("^[A-Za-z]:.*") || location.startsWith("~")) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data at the absolute path "
                    + quoted + "; only files inside the model's folder are read");
        }
        Path relative;
        try {
            relative = Path.of(location);
        } catch (InvalidPathException e) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data " + quoted
                    + ", not a valid file name");
        }
        if (relative.isAbsolute()) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data at the absolute path "
                    + quoted + "; only files inside the model's folder are read");
        }
        Path resolved = folder.resolve(relative).normalize();
        if (!resolved.startsWith(folder) || resolved.equals(folder)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data " + quoted
                    + " outside the model's folder " + folder + "; refused");
        }
        if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data file " + quoted
                    + ", which does not exist in " + folder);
        }
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data " + quoted
                    + ", a link to a file that does not exist; refused");
        } catch (IOException e) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data " + quoted
                    + ", which cannot be resolved (" + e.getMessage() + "); refused");
        }
        if (!real.startsWith(folder)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data " + quoted
                    + ", a link that leaves the model's folder " + folder + "; refused");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data " + quoted
                    + ", which is not a regular file (a folder, device, pipe or other special file); refused");
        }
        long size = Files.size(real);
        long end = length >= 0 ? offset + length : offset;
        if (offset < 0 || end < offset || end > size) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " reads bytes " + offset + ".." + end + " of "
                    + quoted + ", which holds only " + size + " bytes");
        }
        files.put(location, real);
    }

    private static long parse(String v, String key, String tensor, Path modelFile) throws OnnxFormatException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " has external data " + key + " '" + v
                    + "', not an integer");
        }
    }
}
