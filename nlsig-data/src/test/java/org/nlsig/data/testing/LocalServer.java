package org.nlsig.data.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 for download tests (tests never use the internet). It serves the files given to
 * {@link #serve}, answers 404 for anything else, and for {@code cut/NAME} promises NAME's whole length, sends half
 * and hangs up.
 */
public final class LocalServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = files.get(name);
            if (name.startsWith("cut/")) {
                byte[] whole = files.get(name.substring(4));
                exchange.sendResponseHeaders(200, whole.length);
                OutputStream out = exchange.getResponseBody();
                out.write(whole, 0, whole.length / 2);
                out.flush();
                exchange.close();
                return;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** A started server on a free loopback port. */
    public static LocalServer start() throws IOException {
        return new LocalServer();
    }

    /** Serves {@code body} at {@code /name}. */
    public void serve(String name, byte[] body) {
        files.put(name, body);
    }

    /** How many requests asked for {@code /name}. */
    public int hits(String name) {
        AtomicInteger n = hits.get(name);
        return n == null ? 0 : n.get();
    }

    /** The URL of {@code path} ("" for the base URL, as a mirror). */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
