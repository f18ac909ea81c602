package org.nlsig.onnx.sites;

/**
 * A warning about how a site will be measured (pooled to one feature although its tensor has more entries on
 * another axis), for {@code inspect} to print and a signature run to pass to its notices.
 *
 * @param site the site's index
 * @param text the warning, naming the site and what to do
 */
public record SiteNote(int site, String text) {
}
