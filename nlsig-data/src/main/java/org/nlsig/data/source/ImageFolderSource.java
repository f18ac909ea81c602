package org.nlsig.data.source;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.EnumSet;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.nlsig.data.image.ImageDecodeException;
import org.nlsig.data.image.ImageDecoder;
import org.nlsig.data.image.PixelImage;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.io.UserInputException;

/**
 * A folder of images in torchvision's ImageFolder layout (one subfolder per class, classes labelled 0.. in sorted
 * name order, files found recursively in sorted order), or a flat folder of images without labels.
 */
public final class ImageFolderSource implements ImageSource {
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private final Path root;
    private final List<Path> files;
    private final long[] labels;
    private final List<String> classes;
    private final ImageSampler sampler;
    private final Set<Path> loops;
    private final long maxPixels;

    private ImageFolderSource(Path root, List<Path> files, long[] labels, List<String> classes, ImageSampler sampler,
                              Set<Path> loops, long maxPixels) {
        this.root = root;
        this.loops = loops;
        this.maxPixels = maxPixels;
        this.files = files;
        this.labels = labels;
        this.classes = classes;
        this.sampler = sampler;
    }

    public static ImageFolderSource open(Path root, DataOptions options) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "no such image folder");
        }
        ImageSampler sampler = ImageSampler.of(options, Presets.byName("imagenet"), 3);
        if (!sampler.preprocessing().fixesSize()) {
            throw new UserInputException("images in a folder differ in size, so the preprocessing must crop or "
                    + "resize to an exact size: '" + sampler.preprocessing().name() + "' does neither (choose a preset "
                    + "such as imagenet, or --crop S|HxW, or --resize H,W)");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        Set<Path> loops = new HashSet<>();
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = imagesUnder(dir, Integer.MAX_VALUE, loops);
            if (images.isEmpty()) {
                continue;
            }
            long label = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        boolean labelled = !files.isEmpty();
        if (!labelled) {
            files.addAll(imagesUnder(root, 1, loops));
        }
        if (files.isEmpty()) {
            throw new UserInputException(root + ": no images (" + String.join(", ", EXTENSIONS)
                    + ") in the folder or its class subfolders");
        }
        long[] labelArray = labelled ? labels.stream().mapToLong(Long::longValue).toArray() : null;
        return new ImageFolderSource(root, List.copyOf(files), labelArray, List.copyOf(classes), sampler,
                Set.copyOf(loops), options.maxPixels());
    }

    /**
     * Image files below {@code dir}, ordered like os.walk(sorted) then sorted(file names), as ImageFolder does.
     * Links are followed; a link back to a folder above it (a loop) is listed as an entry of its own and added to
     * {@code loops}, so reading it is a bad file (skipped under --on-bad-file skip) rather than a crash.
     */
    private static List<Path> imagesUnder(Path dir, int depth, Set<Path> loops) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && hasImageExtension(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    found.add(file);
                    loops.add(file);
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        found.sort(Comparator.comparing((Path p) -> p.getParent().toString())
                .thenComparing(p -> p.getFileName().toString()));
        return found;
    }

    private static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public long[] sampleShape() {
        int[] size = sampler.preprocessing().fixedSize();
        return new long[] {sampler.channels(), size[1], size[0]};
    }

    @Override
    public ImageSampler sampler() {
        return sampler;
    }

    @Override
    public long size() {
        return files.size();
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        return classes;
    }

    @Override
    public String description() {
        return "image folder " + root + " (" + files.size() + " images"
                + (labels != null ? ", " + classes.size() + " classes" : ", no labels") + "), "
                + sampler.channels() + " channels, preprocessing " + sampler.preprocessing().describe();
    }

    @Override
    public Sample read(long index) throws IOException {
        Path file = files.get(Math.toIntExact(index));
        String id = root.relativize(file).toString();
        if (loops.contains(file)) {
            throw new BadSampleException(file.toString(), "symbolic link loop (links to a folder above it); not followed",
                    null);
        }
        PixelImage image;
        try {
            image = ImageDecoder.read(file, maxPixels);
        } catch (ImageDecodeException e) {
            throw new BadSampleException(file.toString(), stripPrefix(e.getMessage(), file.toString()), e);
        } catch (IOException e) {
            throw new BadSampleException(file.toString(), "cannot read: " + e, e);
        }
        return sampler.toSample(image, id, labels != null ? labels[(int) index] : Sample.NO_LABEL);
    }

    private static String stripPrefix(String message, String prefix) {
        return message != null && message.startsWith(prefix + ": ") ? message.substring(prefix.length() + 2) : message;
    }
}
