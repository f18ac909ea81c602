/**
 * Input data for nlsig: data sources (folders of images, NumPy arrays, CIFAR, random data), their
 * preprocessing and batching.
 *
 * <p>API packages (exported): {@code org.nlsig.data.source}, {@code org.nlsig.data.preprocess},
 * {@code org.nlsig.data.batch} and {@code org.nlsig.data.image}. Not exported:
 * {@code org.nlsig.data.download} (the download cache of known data sets, used by the sources).
 * JPEG decoding beyond the JDK's comes from the TwelveMonkeys ImageIO plugin, which ImageIO finds as a
 * service; no code here refers to it, so it is not required.
 */
module org.nlsig.data {
    requires transitive org.nlsig.io;
    requires java.desktop;
    requires java.net.http;
    requires ai.djl.tokenizers;
    requires com.fasterxml.jackson.databind;

    exports org.nlsig.data.batch;
    exports org.nlsig.data.image;
    exports org.nlsig.data.preprocess;
    exports org.nlsig.data.source;
    exports org.nlsig.data.text;
}
