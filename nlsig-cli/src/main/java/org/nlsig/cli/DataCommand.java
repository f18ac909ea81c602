package org.nlsig.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.BatchTensor;
import org.nlsig.data.batch.SkippedSample;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.preprocess.CropSize;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.preprocess.Resize;
import org.nlsig.data.source.DataOptions;
import org.nlsig.data.text.TokenizerOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.data.source.ElementType;
import org.nlsig.data.source.Layout;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.io.npy.NpzFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nlsig data}: the data-spec syntax ({@code nlsig help data}) and {@code nlsig data preview}. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Data sources and preprocessing: what DATA arguments mean, and a preview of the exact model "
                + "inputs they give.", ""},
        subcommands = {DataCommand.Preview.class},
        footer = {"", DataSpec.SYNTAX},
        modelTransformer = DataCommand.PresetList.class)
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Appends the preset table, built from the presets themselves so it cannot go stale. */
    static final class PresetList implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            List<String> footer = new ArrayList<>(Arrays.asList(spec.usageMessage().footer()));
            footer.add("");
            footer.add("Presets (--preset): torchvision's ImageClassification transform, PIL resampling");
            for (Map.Entry<String, Preprocessing> p : Presets.all().entrySet()) {
                Preprocessing v = p.getValue();
                footer.add(String.format("  %-18s %s", p.getKey(), v.resize().equals(Resize.NONE)
                        ? "to tensor only (x/255), the default for CIFAR and MNIST"
                        : "resize " + v.resize().token() + ", crop " + v.crop().token() + ", "
                        + v.interpolation().displayName()
                        + (Arrays.equals(v.mean(), Presets.IMAGENET_MEAN) ? "" : ", mean/std " + Arrays.toString(v.mean()))));
            }
            footer.add("Image folders default to imagenet. Free parameters --resize, --crop,");
            footer.add("--interpolation, --mean, --std override a preset's.");
            spec.usageMessage().footer(footer.toArray(String[]::new));
            return spec;
        }
    }

    /** Options shared by commands that read data: which data, how to preprocess it, where to cache downloads. */
    static final class DataArgs {
        @Option(names = "--preset", paramLabel = "P", description = "preprocessing preset (nlsig help data lists them)")
        String preset;
        @Option(names = "--resize", paramLabel = "S|H,W", converter = OptionTypes.ResizeSize.class,
                description = "resize the shorter side to S (0 = no resize), or to exactly H,W (height, width)")
        Resize resize;
        @Option(names = "--crop", paramLabel = "S|HxW", converter = OptionTypes.Crop.class,
                description = "center crop S x S, or H x W (height x width); 0 = no crop")
        CropSize crop;
        @Option(names = "--interpolation", paramLabel = "I", description = "nearest, bilinear or bicubic")
        String interpolation;
        @Option(names = "--mean", split = ",", paramLabel = "M", description = "per-channel mean, e.g. 0.5,0.5,0.5")
        float[] mean;
        @Option(names = "--std", split = ",", paramLabel = "S", description = "per-channel std")
        float[] std;
        @Option(names = "--channels", paramLabel = "C", description = "channels the model wants: 1 or 3 (default: the data's)")
        int channels;
        @Option(names = "--layout", paramLabel = "L", description = "axis order of rank-4 .npy inputs: nchw (default) or nhwc")
        String layout = "nchw";
        @Option(names = "--cache-dir", paramLabel = "DIR", description = "download and unpack cache (default ~/.cache/nlsig)")
        Path cacheDir;
        @Option(names = "--on-bad-file", paramLabel = "POLICY", description = "fail (default) or skip unreadable images")
        String onBadFile = "fail";
        @Option(names = "--max-pixels", paramLabel = "N", description = "refuse images of more than N pixels "
                + "(width x height, read from the header before decoding; default 100000000)")
        long maxPixels = org.nlsig.io.Limits.DEFAULT_MAX_PIXELS;
        @Option(names = "--tokenizer", paramLabel = "FILE", description = "for text: data: the model's Hugging Face "
                + "tokenizer.json")
        Path tokenizer;
        @Option(names = "--max-length", paramLabel = "L", description = "for text: data: tokens per text, truncated "
                + "or padded (default " + TokenizerOptions.DEFAULT_MAX_LENGTH + ")")
        Integer maxLength;

        DataOptions options() {
            InputChecks.atLeast("--max-pixels", maxPixels, 1);
            if (tokenizer == null && maxLength != null) {
                throw new UserInputException("--max-length applies to text data: add --tokenizer tokenizer.json");
            }
            TokenizerOptions text = tokenizer == null ? null
                    : new TokenizerOptions(tokenizer, maxLength != null ? maxLength : TokenizerOptions.DEFAULT_MAX_LENGTH);
            return new DataOptions(Presets.resolve(preset, resize, crop, interpolation, mean, std),
                    Layout.parse(layout), channels, cacheDir, null, maxPixels, text);
        }

        BadFilePolicy badFilePolicy() {
            return BadFilePolicy.parse(onBadFile);
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Writes the exact model-input tensors a signature run would feed (N x C x H x W float32, "
                    + "normalised) to a .npy file, and a PNG contact sheet of them: how to check preprocessing. "
                    + "Data with several tensors per sample (npz:, text:) is written to an .npz file, one array per "
                    + "model input (input_ids, attention_mask, ...).",
                "DATA is a data spec (see nlsig help data)."})
    static final class Preview implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATA", description = "data spec, e.g. imagefolder:val/ or cifar10")
        String data;
        @CommandLine.Mixin
        DataArgs dataArgs;
        @Option(names = "--limit", paramLabel = "K", description = "samples to preview (default ${DEFAULT-VALUE})")
        int limit = 16;
        @Option(names = "--offset", paramLabel = "K", description = "samples to pass over first (default 0)")
        long offset;
        @Option(names = "--shuffle", paramLabel = "SEED", description = "take samples in a seeded random order")
        Long shuffle;
        @Option(names = "--out", required = true, paramLabel = "X.npy|X.npz", description = "tensor output: .npy for "
                + "one tensor per sample, .npz for every tensor (named by the model input it feeds)")
        Path out;
        @Option(names = "--sheet", paramLabel = "X.png", description = "contact sheet (default: --out with .png)")
        Path sheet;

        @Override
        public Integer call() throws IOException {
            InputChecks.atLeast("--limit", limit, 1);
            InputChecks.atLeast("--offset", offset, 0);
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            DataOptions options = dataArgs.options();
            StreamOptions stream = StreamOptions.of(limit).withOffset(offset).withLimit(limit).withShuffleSeed(shuffle)
                    .withDropLast(false).withOnBadFile(dataArgs.badFilePolicy());
            Consumer<String> progress = line -> {
                stderr.println("nlsig: " + line);
                stderr.flush();
            };
            try (DataSource source = DataSources.open(DataSpec.parse(data), options, progress);
                 BatchStream batches = BatchStream.open(source, stream)) {
                if (!batches.hasNext()) {
                    throw new UserInputException(data + ": no samples to preview (size " + source.size()
                            + ", offset " + offset + ")");
                }
                Batch batch = batches.next();
                long[] shape = batch.shape();
                Map<String, NpyArray> arrays = arrays(batch);
                boolean npz = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
                if (npz) {
                    NpzFile.write(out, arrays);
                } else if (arrays.size() > 1) {
                    throw new UserInputException(data + " gives " + arrays.size() + " tensors per sample ("
                            + String.join(", ", arrays.keySet()) + "); a .npy file holds one: write them all with "
                            + "--out NAME.npz");
                } else {
                    NpyFile.write(out, arrays.values().iterator().next());
                }
                stdout.println("data:    " + source.description());
                String samples = " (samples " + String.join(", ", abbreviate(batch.sampleIds())) + ")";
                if (npz) {
                    stdout.println("wrote:   " + out + samples);
                    for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
                        stdout.println("  " + a.getKey() + ": " + a.getValue().dtype().displayName() + " "
                                + Arrays.toString(a.getValue().shape()));
                    }
                } else {
                    stdout.println("wrote:   " + out + " " + batch.elementType().name().toLowerCase(Locale.ROOT) + " "
                            + Arrays.toString(shape) + samples);
                }
                Path sheetFile = sheet != null ? sheet : siblingPng(out);
                if (batch.elementType() == ElementType.FLOAT32 && ContactSheet.canDraw(shape)) {
                    BufferedImage img = ContactSheet.draw(batch, source.preprocessing().orElse(null));
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(img, "png", png);
                    AtomicFile.write(sheetFile, o -> png.writeTo(o));
                    stdout.println("sheet:   " + sheetFile);
                } else {
                    stdout.println("sheet:   none (samples of shape " + Arrays.toString(source.sampleShape())
                            + " are not 1- or 3-channel images)");
                }
                List<SkippedSample> skipped = batches.skipped();
                if (!skipped.isEmpty()) {
                    stdout.println("skipped: " + skipped.size() + " unreadable file(s):");
                    for (SkippedSample s : skipped) {
                        stdout.println("  " + s.sampleId() + ": " + s.reason());
                    }
                }
            }
            return 0;
        }

        /**
         * Every tensor of the batch by the model input it feeds: the data's own field names (an .npz's arrays, a
         * tokenizer's input_ids and attention_mask), {@value #PRIMARY} for the one unnamed field of other data.
         */
        private static Map<String, NpyArray> arrays(Batch batch) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (BatchTensor t : batch.tensors()) {
                String name = t.field().name().orElse(PRIMARY);
                arrays.put(name, t.elementType() == ElementType.INT64 ? NpyArray.ofLongs(t.longArray(), t.shape())
                        : NpyArray.ofFloats(t.floatArray(), t.shape()));
            }
            return arrays;
        }

        /** The .npz name of a single unnamed tensor (the model's first input). */
        static final String PRIMARY = "input";

        private static List<String> abbreviate(List<String> ids) {
            return ids.size() <= 4 ? ids : List.of(ids.get(0), ids.get(1), "...", ids.get(ids.size() - 1));
        }

        private static Path siblingPng(Path npy) {
            String name = npy.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            String base = lower.endsWith(".npy") || lower.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
            return npy.resolveSibling(base + ".png");
        }
    }

    /** Tiles of a batch of images, de-normalised back to pixels for the eye. */
    static final class ContactSheet {
        private static final int GAP = 2;

        private ContactSheet() {
        }

        static boolean canDraw(long[] shape) {
            return shape.length == 4 && (shape[1] == 1 || shape[1] == 3) && shape[2] * shape[3] <= 4096L * 4096L;
        }

        /** With a preprocessing, pixels are (v * std + mean) * 255; without, values are scaled from min..max. */
        static BufferedImage draw(Batch batch, Preprocessing p) {
            long[] shape = batch.shape();
            int n = (int) shape[0];
            int c = (int) shape[1];
            int h = (int) shape[2];
            int w = (int) shape[3];
            int cols = (int) Math.ceil(Math.sqrt(n));
            int rows = (n + cols - 1) / cols;
            BufferedImage sheet = new BufferedImage(cols * (w + GAP) + GAP, rows * (h + GAP) + GAP,
                    BufferedImage.TYPE_INT_RGB);
            float[] v = batch.floatArray();
            float[] mean = p != null ? p.mean() : new float[0];
            float[] std = p != null ? p.std() : new float[0];
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            int plane = h * w;
            for (int i = 0; i < n; i++) {
                int x0 = GAP + (i % cols) * (w + GAP);
                int y0 = GAP + (i / cols) * (h + GAP);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = 0;
                        for (int k = 0; k < 3; k++) {
                            int ch = c == 1 ? 0 : k;
                            float val = v[(i * c + ch) * plane + y * w + x];
                            double unit;
                            if (p != null) {
                                double m = mean.length == 0 ? 0 : mean[mean.length == 1 ? 0 : ch];
                                double s = std.length == 0 ? 1 : std[std.length == 1 ? 0 : ch];
                                unit = val * s + m;
                            } else {
                                unit = hi > lo ? (val - lo) / (hi - lo) : 0.5;
                            }
                            int b = (int) Math.round(Math.max(0, Math.min(1, unit)) * 255);
                            rgb = (rgb << 8) | b;
                        }
                        sheet.setRGB(x0 + x, y0 + y, rgb);
                    }
                }
            }
            return sheet;
        }
    }
}
