package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Checks the tensors a model keeps in side files. A malicious model could name any file on the machine as its
 * "external data", so only relative locations that stay inside the model's folder (after resolving symbolic links)
 * are accepted, and each referenced range must lie inside its file.
 */
final class ExternalData {
    private ExternalData() {
    }

    /** Validates every external reference; returns how many tensors are stored externally. */
    static int validate(ModelProto model, Path modelFile) throws IOException {
        Path folder = modelFile.toAbsolutePath().getParent().toRealPath();
        List<TensorProto> external = externalTensors(model);
        for (TensorProto t : external) {
            check(t, folder, modelFile);
        }
        return external.size();
    }

    /**
     * The distinct external data files of an already validated model, sorted by location, so that their combined
     * hash does not depend on the order of the tensors.
     */
    static List<String> locations(ModelProto model) {
        TreeSet<String> out = new TreeSet<>();
        for (TensorProto t : externalTensors(model)) {
            t.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                    .forEach(e -> out.add(e.getValue()));
        }
        return List.copyOf(out);
    }

    /** Every tensor of the model (initializers, sparse parts, constants, also in functions) stored externally. */
    private static List<TensorProto> externalTensors(ModelProto model) {
        List<TensorProto> tensors = new ArrayList<>();
        collect(model.getGraph(), tensors);
        for (FunctionProto f : model.getFunctionsList()) {
            f.getNodeList().forEach(n -> collect(n, tensors));
        }
        tensors.removeIf(t -> t.getDataLocation() != TensorProto.DataLocation.EXTERNAL);
        return tensors;
    }

    private static void check(TensorProto t, Path folder, Path modelFile) throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parse(e.getValue(), "offset", t, modelFile);
                case "length" -> length = parse(e.getValue(), "length", t, modelFile);
                default -> { }
            }
        }
        String tensor = "tensor '" + t.getName() + "'";
        if (location == null || location.isEmpty()) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " is external but names no location");
        }
        Path relative = Path.of(location);
        if (relative.isAbsolute() || location.startsWith("/") || location.startsWith("\\")
                || location.matches("^[A-Za-z]:.*")) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data at the absolute path '"
                    + location + "'; only files inside the model's folder are read");
        }
        Path resolved = folder.resolve(relative).normalize();
        if (!resolved.startsWith(folder)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data '" + location
                    + "' outside the model's folder " + folder + "; refused");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data file '" + location
                    + "', which does not exist in " + folder);
        }
        if (!resolved.toRealPath().startsWith(folder)) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " refers to external data '" + location
                    + "', a link that leaves the model's folder " + folder + "; refused");
        }
        long size = Files.size(resolved);
        long end = length >= 0 ? offset + length : offset;
        if (offset < 0 || end > size) {
            throw new OnnxFormatException(modelFile + ": " + tensor + " reads bytes " + offset + ".." + end + " of '"
                    + location + "', which holds only " + size + " bytes");
        }
    }

    private static long parse(String v, String key, TensorProto t, Path modelFile) throws OnnxFormatException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new OnnxFormatException(modelFile + ": tensor '" + t.getName() + "' has external data " + key
                    + " '" + v + "', not an integer");
        }
    }

    private static void collect(GraphProto g, List<TensorProto> out) {
        out.addAll(g.getInitializerList());
        g.getSparseInitializerList().forEach(s -> {
            out.add(s.getValues());
            out.add(s.getIndices());
        });
        g.getNodeList().forEach(n -> collect(n, out));
    }

    private static void collect(NodeProto n, List<TensorProto> out) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasT()) {
                out.add(a.getT());
            }
            out.addAll(a.getTensorsList());
            if (a.hasG()) {
                collect(a.getG(), out);
            }
            a.getGraphsList().forEach(g -> collect(g, out));
        }
    }
}
