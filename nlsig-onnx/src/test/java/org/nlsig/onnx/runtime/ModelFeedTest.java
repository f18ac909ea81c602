package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.model.ConstantTensor;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.testing.TinyGraph;

/** Issue 15: every model input fed, from the data, --input values or the standard names of token models. */
class ModelFeedTest {
    private static final int F = 1;
    private static final int I64 = 7;
    private static final int BOOL = 9;

    @TempDir
    Path dir;

    /** A value info with named symbolic dimensions, as exporters write them ("batch_size", "past_length"). */
    private static ValueInfoProto named(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String p ? TensorShapeProto.Dimension.newBuilder().setDimParam(p)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    /** A decoder-like model: token ids and every standard input, a sample rate and a state [2, B, 8]. */
    private static OnnxModel tokenModel() {
        ModelProto base = new TinyGraph(13).output("y", F, -1, 4).model();
        var g = base.getGraph().toBuilder()
                .addInput(named("input_ids", I64, "batch_size", "sequence_length"))
                .addInput(named("attention_mask", I64, "batch_size", "sequence_length"))
                .addInput(named("token_type_ids", I64, "batch_size", "sequence_length"))
                .addInput(named("position_ids", I64, "batch_size", "sequence_length"))
                .addInput(named("past_key_values.0.key", F, "batch_size", 2, "past_sequence_length", 4))
                .addInput(named("use_cache_branch", BOOL, 1))
                .addInput(named("sr", I64))
                .addInput(named("state", F, 2, "batch_size", 8));
        return OnnxModel.inMemory(base.toBuilder().setGraph(g).build());
    }

    private static List<InputAssignment> given(String... texts) {
        return Arrays.stream(texts).map(InputAssignment::parse).toList();
    }

    @Test
    void standardInputsAreFilledAndGivenValuesTakeTheDeclaredTypeAndTheBatchAxis() {
        ModelFeed feed = ModelFeed.of(tokenModel(), given("sr=16000", "state=ones"));
        long[] ids = {5, 6, 7, 8, 9, 10};
        ModelFeed.Feed f = feed.complete(new InputTensor.Longs(ids, new long[] {2, 3}), 0);
        Map<String, InputTensor> t = f.tensors();
        assertEquals(8, t.size());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, ((InputTensor.Longs) t.get("attention_mask")).data());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, ((InputTensor.Longs) t.get("token_type_ids")).data());
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2}, ((InputTensor.Longs) t.get("position_ids")).data());
        InputTensor past = t.get("past_key_values.0.key");
        assertArrayEquals(new long[] {2, 2, 0, 4}, past.shape(), "batch 2, past length 0");
        InputTensor.Bools cache = (InputTensor.Bools) t.get("use_cache_branch");
        assertArrayEquals(new boolean[] {false}, cache.data());
        assertEquals(InputTensor.WHOLE, cache.batchAxis());
        InputTensor.Longs sr = (InputTensor.Longs) t.get("sr");
        assertArrayEquals(new long[0], sr.shape(), "a scalar");
        assertArrayEquals(new long[] {16000}, sr.data());
        assertEquals(InputTensor.WHOLE, sr.batchAxis());
        InputTensor.Floats state = (InputTensor.Floats) t.get("state");
        assertArrayEquals(new long[] {2, 2, 8}, state.shape(), "the batch on the axis named batch_size");
        assertEquals(1, state.batchAxis());
        assertEquals(32, state.data().length);
        assertEquals(List.of("attention_mask", "token_type_ids", "position_ids", "past_key_values.0.key",
                "use_cache_branch"), f.fills().stream().map(p -> p.input().name()).toList());
        assertEquals("model input 'attention_mask' is not in the data: fed ones [B, T] (a standard input; set it with "
                + "--input attention_mask=VALUE)", f.fills().get(0).notice());
        Map<String, ConstantTensor> constants = feed.constants(feed.dataInputs());
        assertEquals(Set.of("sr", "use_cache_branch"), constants.keySet());
        assertArrayEquals(new double[] {16000}, constants.get("sr").values());
    }

    @Test
    void anExplicitShapePutsTheBatchWhereItsBStands() {
        ModelFeed feed = ModelFeed.of(tokenModel(), given("sr=8000", "state=zeros:2xBx8"));
        InputTensor state = feed.complete(new InputTensor.Longs(new long[9], new long[] {3, 3}), 0).tensors()
                .get("state");
        assertArrayEquals(new long[] {2, 3, 8}, state.shape());
        assertEquals(1, state.batchAxis());
    }

    @Test
    void perSampleValuesComeFromTheRowsOfTheBatchMovedToTheBatchAxis() throws Exception {
        Path npy = dir.resolve("state.npy");
        // 4 samples x 2 x 8: sample s, axis a, position j holds 100 s + 10 a + j
        float[] rows = new float[4 * 16];
        for (int s = 0; s < 4; s++) {
            for (int a = 0; a < 2; a++) {
                for (int j = 0; j < 8; j++) {
                    rows[s * 16 + a * 8 + j] = 100 * s + 10 * a + j;
                }
            }
        }
        NpyFile.writeFloats(npy, rows, 4, 2, 8);
        ModelFeed feed = ModelFeed.of(tokenModel(), given("sr=8000", "state=npy:" + npy));
        InputTensor.Floats state = (InputTensor.Floats) feed.complete(new InputTensor.Longs(new long[6],
                new long[] {2, 3}), 2).tensors().get("state");
        assertArrayEquals(new long[] {2, 2, 8}, state.shape());
        // [axis a][sample 2 + s][j]
        assertEquals(200, state.data()[0]);
        assertEquals(300, state.data()[8]);
        assertEquals(217, state.data()[2 * 8 + 7]);
        UserInputException past = assertThrows(UserInputException.class, () -> feed.complete(
                new InputTensor.Longs(new long[6], new long[] {2, 3}), 3));
        assertTrue(past.getMessage().startsWith("--input state=npy:" + npy + ": ")
                && past.getMessage().contains("has 4 rows (samples), but the run needs rows 3..4"), past.getMessage());
    }

    @Test
    void badInputValuesAreRefusedNamingTheOption() {
        OnnxModel m = tokenModel();
        assertEquals("--input rate=16000: <memory> has no input 'rate'; its inputs are [input_ids, attention_mask, "
                + "token_type_ids, position_ids, past_key_values.0.key, use_cache_branch, sr, state]",
                refused(m, "rate=16000"));
        assertEquals("--input state=zeros:2xB: shape 2xB has rank 2, but input 'state' is declared [2, ?, 8] "
                + "(rank 3)", refused(m, "state=zeros:2xB"));
        assertEquals("--input state=zeros:3xBx8: shape 3xBx8 does not fit input 'state', declared [2, ?, 8]: axis 0 "
                + "must be 2", refused(m, "state=zeros:3xBx8"));
        assertEquals("--input sr=16000.5: input 'sr' takes INT64 values; give an integer, not 16000.5",
                refused(m, "sr=16000.5"));
        assertEquals("--input use_cache_branch=2: input 'use_cache_branch' takes bool values; give true, false, 1 "
                + "or 0, not 2", refused(m, "use_cache_branch=2"));
        assertEquals("--input sr=npy:x.npy: input 'sr' ([]) has no batch axis, so it cannot take per-sample values "
                + "from a file; give one value, e.g. --input sr=0", refused(m, "sr=npy:x.npy"));
        assertEquals("--input input_ids=ones: input 'input_ids' is the model's first input, which the data feeds; "
                + "--input gives the others [attention_mask, token_type_ids, position_ids, past_key_values.0.key, "
                + "use_cache_branch, sr, state]", refused(m, "input_ids=ones"));
        assertEquals("--input sr=1: input 'sr' is given twice (sr=8000 before); give it once",
                refused(m, "sr=8000", "sr=1"));
        assertEquals("'state' is not NAME=VALUE (e.g. --input sr=16000 or --input state=zeros:2xBx128)",
                parseError("state"));
        assertEquals("sr=fast: 'fast' is not a value; give a number, true/false, zeros, ones, zeros:SHAPE "
                + "(e.g. zeros:2xBx128, B the batch size) or npy:FILE", parseError("sr=fast"));
        assertEquals("state=zeros:BxBx8: shape 'BxBx8' has more than one B (the batch size); give the other axes "
                + "as numbers", parseError("state=zeros:BxBx8"));
        assertEquals("state=zeros:2xQx8: shape '2xQx8': 'Q' is neither a size nor B; write the axes as numbers and "
                + "B separated by x, e.g. 2xBx128", parseError("state=zeros:2xQx8"));
    }

    @Test
    void anInputNothingGivesIsAnErrorSayingWhichOptionGivesIt() {
        ModelFeed feed = ModelFeed.of(tokenModel(), given("sr=16000"));
        UserInputException e = assertThrows(UserInputException.class, () -> feed.complete(
                new InputTensor.Longs(new long[6], new long[] {2, 3}), 0));
        assertEquals("<memory>: model input 'state' (FLOAT [2, ?, 8]) is not in the data and has no value; give it "
                + "with --input state=VALUE (a number, zeros, ones, zeros:SHAPE with B the batch size, or npy:FILE)",
                e.getMessage());
        assertEquals(ModelFeed.Source.MISSING, feed.plan(feed.dataInputs()).get(7).source());
        UserInputException both = assertThrows(UserInputException.class, () -> feed.complete(Map.of(
                "input_ids", new InputTensor.Longs(new long[6], new long[] {2, 3}),
                "sr", new InputTensor.Longs(new long[] {1}, new long[0], InputTensor.WHOLE)), 0));
        assertEquals("--input sr=16000: the data already gives input 'sr'; drop the option or the data's tensor",
                both.getMessage());
    }

    private static String refused(OnnxModel m, String... texts) {
        return assertThrows(UserInputException.class, () -> ModelFeed.of(m, given(texts))).getMessage();
    }

    private static String parseError(String text) {
        return assertThrows(UserInputException.class, () -> InputAssignment.parse(text)).getMessage();
    }

    /**
     * x [1, 3] (exported with batch size 1), state [2, 1, 3], a float scalar s: y = Relu(x) * s + state[0] + state[1].
     * Three samples run as three chunks; the state is cut along its axis 1, the scalar fed whole to each.
     */
    @Test
    void aFixedBatchModelChunksEachInputAlongItsOwnBatchAxis() {
        TinyGraph g = new TinyGraph(13).input("x", F, 1, 3).input("state", F, 2, 1, 3).input("s", F)
                .output("y", F, 1, 3)
                .initializer(TensorProto.newBuilder().setName("axis0").setDataType(I64).addDims(1).addInt64Data(0)
                        .build());
        g.node("Relu", "/act/Relu", "h", "x");
        g.node("Mul", "/mul", "hs", "h", "s");
        g.node(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("ReduceSum").setName("/sum").addInput("state")
                .addInput("axis0").addOutput("st").addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                        .setName("keepdims").setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT).setI(0)));
        g.node("Add", "/add", "y", "hs", "st");
        OnnxModel m = g.inMemory();
        ModelFeed feed = ModelFeed.of(m, given("state=zeros:2xBx3", "s=2"));
        float[] x = {1, -1, 2, 3, -3, 0, 0.5f, 4, -2};
        // state: axis 0 index a, sample i, position j = a + i
        float[] state = new float[2 * 3 * 3];
        for (int a = 0; a < 2; a++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    state[(a * 3 + i) * 3 + j] = a + i;
                }
            }
        }
        Map<String, InputTensor> batch = Map.of("x", new InputTensor.Floats(x, new long[] {3, 3}),
                "state", new InputTensor.Floats(state, new long[] {2, 3, 3}, 1),
                "s", feed.complete(new InputTensor.Floats(x, new long[] {3, 3}), 0).tensors().get("s"));
        try (CaptureSession c = CaptureSession.open(m, List.of(), CaptureOptions.defaults(), feed)) {
            float[] y = c.run(batch).output().values();
            assertEquals(9, y.length);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(Math.max(0, x[i * 3 + j]) * 2 + (2 * i + 1), y[i * 3 + j], 1e-6f, "sample " + i);
                }
            }
            // through the feed: the state is zeros:2xBx3, so y = 2 Relu(x)
            float[] fed = c.run(x, new long[] {3, 3}).output().values();
            assertEquals(8, fed[7], 1e-6f);
            float[] at = c.run(new InputTensor.Floats(x, new long[] {3, 3}), 30).output().values();
            assertArrayEquals(fed, at, 0f);
        }
    }
}
