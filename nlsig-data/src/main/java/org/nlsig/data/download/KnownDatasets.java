package org.nlsig.data.download;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nlsig.io.UserInputException;

/**
 * The datasets nlsig downloads by name, with their official URLs and SHA-256 digests. The MNIST files are the same
 * bytes on every mirror; LeCun's site often refuses downloads, so the mirror PyTorch uses is tried first.
 */
public final class KnownDatasets {
    private static final String KRIZ = "https://www.cs.toronto.edu/~kriz/";
    private static final List<String> MNIST_BASES = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "http://yann.lecun.com/exdb/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");
    private static final List<String> FASHION_BASES = List.of(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    private static final Map<String, String> SHA256 = Map.ofEntries(
            Map.entry("cifar-10-binary.tar.gz", "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"),
            Map.entry("cifar-100-binary.tar.gz", "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec"),
            Map.entry("mnist/t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            Map.entry("mnist/t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
            Map.entry("mnist/train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            Map.entry("mnist/train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            Map.entry("fashion-mnist/t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            Map.entry("fashion-mnist/t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
            Map.entry("fashion-mnist/train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            Map.entry("fashion-mnist/train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"));

    /** Names accepted as a whole data spec. */
    public static final List<String> NAMES = List.of("cifar10", "cifar100", "mnist", "fashion-mnist");

    private KnownDatasets() {
    }

    /**
     * The files of dataset {@code name}; for MNIST-style sets, images then labels of the chosen split
     * ({@code train} or {@code test}). CIFAR archives hold both splits.
     */
    public static List<RemoteFile> files(String name, boolean train) {
        String prefix = train ? "train" : "t10k";
        return switch (name) {
            case "cifar10" -> List.of(file("cifar-10-binary.tar.gz", "cifar-10-binary.tar.gz", List.of(KRIZ)));
            case "cifar100" -> List.of(file("cifar-100-binary.tar.gz", "cifar-100-binary.tar.gz", List.of(KRIZ)));
            case "mnist" -> List.of(
                    file("mnist/" + prefix + "-images-idx3-ubyte.gz", prefix + "-images-idx3-ubyte.gz", MNIST_BASES),
                    file("mnist/" + prefix + "-labels-idx1-ubyte.gz", prefix + "-labels-idx1-ubyte.gz", MNIST_BASES));
            case "fashion-mnist" -> List.of(
                    file("fashion-mnist/" + prefix + "-images-idx3-ubyte.gz", prefix + "-images-idx3-ubyte.gz", FASHION_BASES),
                    file("fashion-mnist/" + prefix + "-labels-idx1-ubyte.gz", prefix + "-labels-idx1-ubyte.gz", FASHION_BASES));
            default -> throw new UserInputException("unknown dataset name '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private static RemoteFile file(String key, String fileName, List<String> bases) {
        List<URI> urls = new ArrayList<>();
        for (String b : bases) {
            urls.add(URI.create(b + fileName));
        }
        return new RemoteFile(fileName, urls, SHA256.get(key));
    }
}
