package org.nlsig.data.source;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.nlsig.data.download.KnownDatasets;
import org.nlsig.data.source.DataSpec.CifarSpec;
import org.nlsig.data.source.DataSpec.DownloadSpec;
import org.nlsig.data.source.DataSpec.IdxSpec;
import org.nlsig.data.source.DataSpec.ImageFolderSpec;
import org.nlsig.data.source.DataSpec.NpySpec;
import org.nlsig.data.source.DataSpec.NpzSpec;
import org.nlsig.data.source.DataSpec.TextSpec;
import org.nlsig.data.source.DataSpec.RandomSpec;
import org.nlsig.io.UserInputException;

/**
 * The one parser of data specs ({@link DataSpec#parse}): one rule per kind (its options, its argument count and the
 * record it builds). It is a class of its own because every member of an interface is public.
 */
final class DataSpecParser {
    private static final Map<String, Rule> LOCAL = Map.of(
            "imagefolder", new Rule(List.of(), 1, 1, p -> new ImageFolderSpec(p.text(), p.path(0))),
            "cifar10", new Rule(List.of("split"), 1, 1,
                    p -> new CifarSpec(p.text(), CifarSource.Variant.CIFAR10, p.path(0), p.split())),
            "cifar100", new Rule(List.of("split"), 1, 1,
                    p -> new CifarSpec(p.text(), CifarSource.Variant.CIFAR100, p.path(0), p.split())),
            "idx", new Rule(List.of(), 1, 2, p -> new IdxSpec(p.text(), p.path(0), p.optionalPath(1))),
            "npy", new Rule(List.of(), 1, 2, p -> new NpySpec(p.text(), p.path(0), p.optionalPath(1))),
            "npz", new Rule(List.of("labels"), 1, 1, p -> new NpzSpec(p.text(), p.path(0),
                    Optional.ofNullable(p.params().get("labels")))),
            "text", new Rule(List.of("field"), 1, 1, p -> new TextSpec(p.text(), p.path(0),
                    Optional.ofNullable(p.params().get("field")))),
            "random", new Rule(List.of("seed", "n"), 1, 1, p -> new RandomSpec(p.text(), p.shape(0),
                    p.longParam("seed", 0), p.longParam("n", RandomSpec.DEFAULT_SAMPLES))));
    /** A dataset name, which has no colon, so no head to look up. */
    private static final Rule DOWNLOAD = new Rule(List.of("split"), 0, 0,
            p -> new DownloadSpec(p.text(), p.kind(), p.split()));

    private DataSpecParser() {
    }

    static DataSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw error(text, "empty data spec");
        }
        String t = text.trim();
        int colon = t.indexOf(':');
        String head = colon > 0 ? t.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        String kind;
        Rule rule;
        String[] parts;
        if (LOCAL.containsKey(head)) {
            kind = head;
            rule = LOCAL.get(head);
            parts = t.substring(colon + 1).split(",", -1);
        } else {
            String[] all = t.split(",", -1);
            kind = all[0].trim().toLowerCase(Locale.ROOT);
            if (!KnownDatasets.NAMES.contains(kind)) {
                throw error(text, colon > 0 ? "unknown kind '" + t.substring(0, colon) + "'"
                        : "'" + all[0] + "' is neither a dataset name nor KIND:ARGS");
            }
            rule = DOWNLOAD;
            parts = Arrays.copyOfRange(all, 1, all.length);
        }
        List<String> args = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : parts) {
            String s = p.trim();
            int eq = s.indexOf('=');
            String key = eq > 0 ? s.substring(0, eq).trim().toLowerCase(Locale.ROOT) : null;
            if (key != null && rule.keys().contains(key)) {
                if (params.put(key, s.substring(eq + 1).trim()) != null) {
                    throw error(text, "'" + key + "' is given twice");
                }
            } else if (key != null && !rule.keys().isEmpty()) {
                throw error(text, "unknown option '" + key + "' for " + kind + " (allowed: "
                        + String.join(", ", rule.keys()) + ")");
            } else if (!params.isEmpty()) {
                throw error(text, "argument '" + s + "' after key=value options");
            } else if (s.isEmpty()) {
                throw error(text, "empty argument");
            } else {
                args.add(s);
            }
        }
        if (args.size() < rule.minArgs() || args.size() > rule.maxArgs()) {
            String count = rule.minArgs() == rule.maxArgs() ? String.valueOf(rule.minArgs())
                    : rule.minArgs() + " or " + rule.maxArgs();
            throw error(text, kind + " takes " + count + " argument(s) before its options, got " + args.size());
        }
        Split split = Split.TEST;
        if (params.containsKey("split")) {
            try {
                split = Split.parse(params.get("split"));
            } catch (UserInputException e) {
                throw error(text, e.getMessage());
            }
        }
        return rule.build().apply(new Parsed(t, kind, args, params, split));
    }

    /** A user error about spec {@code spec} that ends with the syntax. */
    static UserInputException error(String spec, String what) {
        return new UserInputException("bad data spec '" + spec + "': " + what + "\n" + DataSpec.SYNTAX);
    }

    /**
     * A kind's syntax and record.
     *
     * @param keys    the key=value options it accepts, in the order error messages list them
     * @param minArgs fewest positional arguments
     * @param maxArgs most positional arguments
     * @param build   the record, from arguments whose count and options are already checked
     */
    private record Rule(List<String> keys, int minArgs, int maxArgs, Function<Parsed, DataSpec> build) {
    }

    /** A spec split into its parts; the typed values are read from here, with errors that quote the spec. */
    private record Parsed(String text, String kind, List<String> args, Map<String, String> params, Split split) {
        Path path(int i) {
            try {
                return Path.of(args.get(i));
            } catch (InvalidPathException e) {
                throw error(text, "not a valid path: '" + args.get(i) + "' (" + e.getReason() + ")");
            }
        }

        Optional<Path> optionalPath(int i) {
            return args.size() > i ? Optional.of(path(i)) : Optional.empty();
        }

        /** "3x224x224" -&gt; [3, 224, 224]. */
        List<Long> shape(int i) {
            String arg = args.get(i);
            List<Long> shape = new ArrayList<>();
            for (String d : arg.toLowerCase(Locale.ROOT).split("x")) {
                long v;
                try {
                    v = Long.parseLong(d.trim());
                } catch (NumberFormatException e) {
                    throw error(text, "random shape must look like 3x224x224, got '" + arg + "'");
                }
                if (v <= 0) {
                    throw error(text, "random shape dimensions must be positive, got '" + arg + "'");
                }
                shape.add(v);
            }
            return shape;
        }

        long longParam(String key, long fallback) {
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
    }
}
