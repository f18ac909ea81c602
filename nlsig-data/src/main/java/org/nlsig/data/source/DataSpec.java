package org.nlsig.data.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nlsig.data.download.KnownDatasets;
import org.nlsig.io.UserInputException;

/**
 * A parsed data spec: {@code kind:PATH[,PATH2][,key=value...]} or a dataset name. Parsing checks syntax only;
 * {@link DataSources#open} checks that the files exist.
 *
 * @param kind    imagefolder, cifar10, cifar100, idx, npy, random, or a dataset name (download)
 * @param paths   the positional arguments (paths; for random the shape)
 * @param params  key=value options (seed, n, split)
 */
public record DataSpec(String text, String kind, List<String> paths, Map<String, String> params) {
    /** The syntax, shown by {@code nlsig help data} and in every spec error. */
    public static final String SYNTAX = "Data specs (the DATA argument):\n"
            + "  imagefolder:DIR          class subfolders (torchvision ImageFolder: labels\n"
            + "                           are the sorted folder names) or a flat folder\n"
            + "                           without labels; JPEG (also CMYK, progressive),\n"
            + "                           PNG, BMP, GIF\n"
            + "  cifar10:DIR[,split=S]    CIFAR-10 binary version: DIR holds\n"
            + "                           cifar-10-binary.tar.gz or its extracted .bin files\n"
            + "  cifar100:DIR[,split=S]   CIFAR-100 binary version (fine labels)\n"
            + "  idx:IMAGES[,LABELS]      MNIST-style IDX files, plain or gzipped\n"
            + "  npy:FILE[,LABELS.npy]    ready model inputs, samples along the first axis;\n"
            + "                           float16/32/64 and uint8 become float32, int32 and\n"
            + "                           int64 stay int64 (token ids); --layout nhwc for\n"
            + "                           N,H,W,C images\n"
            + "  random:CxHxW[,seed=S][,n=N]\n"
            + "                           standard Gaussian tensors (default seed 0, n 512)\n"
            + "  cifar10, cifar100, mnist, fashion-mnist [,split=S]\n"
            + "                           downloaded once into the cache (~/.cache/nlsig or\n"
            + "                           --cache-dir) and checked against their SHA-256\n"
            + "  S is test (default) or train.";

    private static final Map<String, Set<String>> PARAMS = Map.of(
            "imagefolder", Set.of(),
            "cifar10", Set.of("split"),
            "cifar100", Set.of("split"),
            "idx", Set.of(),
            "npy", Set.of(),
            "random", Set.of("seed", "n"),
            "download", Set.of("split"));
    private static final Map<String, int[]> POSITIONAL = Map.of(
            "imagefolder", new int[] {1, 1},
            "cifar10", new int[] {1, 1},
            "cifar100", new int[] {1, 1},
            "idx", new int[] {1, 2},
            "npy", new int[] {1, 2},
            "random", new int[] {1, 1},
            "download", new int[] {0, 0});

    public DataSpec {
        paths = List.copyOf(paths);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static DataSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw error(text, "empty data spec");
        }
        String t = text.trim();
        int colon = t.indexOf(':');
        String head = colon > 0 ? t.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        String kind;
        String rule;
        String[] parts;
        if (POSITIONAL.containsKey(head) && !head.equals("download")) {
            kind = head;
            rule = head;
            parts = t.substring(colon + 1).split(",", -1);
        } else {
            String[] all = t.split(",", -1);
            kind = all[0].trim().toLowerCase(Locale.ROOT);
            if (!KnownDatasets.NAMES.contains(kind)) {
                throw error(text, colon > 0 ? "unknown kind '" + t.substring(0, colon) + "'"
                        : "'" + all[0] + "' is neither a dataset name nor KIND:ARGS");
            }
            rule = "download";
            parts = java.util.Arrays.copyOfRange(all, 1, all.length);
        }
        Set<String> allowed = PARAMS.get(rule);
        List<String> positional = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : parts) {
            String s = p.trim();
            int eq = s.indexOf('=');
            String key = eq > 0 ? s.substring(0, eq).trim().toLowerCase(Locale.ROOT) : null;
            if (key != null && allowed.contains(key)) {
                if (params.put(key, s.substring(eq + 1).trim()) != null) {
                    throw error(text, "'" + key + "' is given twice");
                }
            } else if (key != null && !allowed.isEmpty()) {
                throw error(text, "unknown option '" + key + "' for " + kind + " (allowed: " + String.join(", ", allowed) + ")");
            } else if (!params.isEmpty()) {
                throw error(text, "argument '" + s + "' after key=value options");
            } else if (s.isEmpty()) {
                throw error(text, "empty argument");
            } else {
                positional.add(s);
            }
        }
        int[] count = POSITIONAL.get(rule);
        if (positional.size() < count[0] || positional.size() > count[1]) {
            throw error(text, kind + " takes " + (count[0] == count[1] ? String.valueOf(count[0]) : count[0] + " or " + count[1])
                    + " argument(s) before its options, got " + positional.size());
        }
        if (params.containsKey("split")) {
            try {
                Split.parse(params.get("split"));
            } catch (UserInputException e) {
                throw error(text, e.getMessage());
            }
        }
        return new DataSpec(t, kind, positional, params);
    }

    /** Whether this names a dataset that is downloaded (as opposed to local files). */
    public boolean isDownload() {
        return KnownDatasets.NAMES.contains(kind) && paths.isEmpty();
    }

    public Split split() {
        return params.containsKey("split") ? Split.parse(params.get("split")) : Split.TEST;
    }

    /** The shape of a random spec: "3x224x224" -> [3, 224, 224]. */
    public long[] randomShape() {
        String[] dims = paths.get(0).toLowerCase(Locale.ROOT).split("x");
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            try {
                shape[i] = Long.parseLong(dims[i].trim());
            } catch (NumberFormatException e) {
                throw error(text, "random shape must look like 3x224x224, got '" + paths.get(0) + "'");
            }
            if (shape[i] <= 0) {
                throw error(text, "random shape dimensions must be positive, got '" + paths.get(0) + "'");
            }
        }
        return shape;
    }

    public long longParam(String key, long fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(text, key + " must be an integer, got '" + v + "'");
        }
    }

    /** An error about this spec that ends with the syntax. */
    static UserInputException error(String spec, String what) {
        return new UserInputException("bad data spec '" + spec + "': " + what + "\n" + SYNTAX);
    }

    UserInputException error(String what) {
        return error(text, what);
    }
}
