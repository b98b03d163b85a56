package org.urja.hes.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.urja.hes.internal.MdmClient;

/**
 * The load generator of the ingestion benchmark: POSTs the prepared messages of a {@link MessageDirectory} to the MDM
 * with {@code concurrency} parallel senders over HTTP/1.1, each request signed as {@link MdmClient} signs (fresh
 * timestamp and nonce per attempt). A file is read just before it is sent. 429, 5xx and I/O errors are retried with a
 * short backoff, at most {@value #MAX_ATTEMPTS} attempts; any other answer than 200/202 fails the message.
 */
public final class Push {

    static final int MAX_ATTEMPTS = 5;
    private static final long FIRST_BACKOFF_MILLIS = 50;

    /** What was pushed: the messages accepted (200/202), their manifest readings and bytes, and the failures. */
    public record Result(int messages, long readings, long bytes, double seconds, int retries, List<String> failed) {

        public double readingsPerSecond() {
            return seconds > 0 ? readings / seconds : 0;
        }
    }

    private Push() {
    }

    /** Pushes every message listed in {@code dir}'s manifest to {@code mdmUrl} + its path. */
    public static Result run(Path dir, String mdmUrl, String keyId, String secret, int concurrency)
            throws IOException, InterruptedException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        List<MessageDirectory.Entry> entries = MessageDirectory.read(dir);
        String base = mdmUrl.replaceAll("/+$", "");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicLong readings = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "push-sender");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < concurrency; s++) {
                running.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < entries.size(); i = next.getAndIncrement()) {
                        MessageDirectory.Entry e = entries.get(i);
                        String outcome = send(http, URI.create(base + e.path()), dir.resolve(e.file()), keyId, secret, retries);
                        if (outcome == null) {
                            accepted.incrementAndGet();
                            readings.addAndGet(e.readings());
                            bytes.addAndGet(e.bytes());
                        } else {
                            failed.add(e.file() + ": " + outcome);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("A sender failed", e.getCause());
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(accepted.get(), readings.get(), bytes.get(), seconds, retries.get(), List.copyOf(failed));
    }

    /** Sends one file; null when the MDM accepted it (200/202), else why not. */
    private static String send(HttpClient http, URI uri, Path file, String keyId, String secret, AtomicInteger retries)
            throws InterruptedException {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            return "cannot read: " + e;
        }
        String last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                retries.incrementAndGet();
                Thread.sleep(FIRST_BACKOFF_MILLIS << (attempt - 2));
            }
            try {
                HttpResponse<String> response = http.send(MdmClient.signedPost(uri, keyId, secret, body),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200 || status == 202) {
                    return null;
                }
                last = "HTTP " + status + " " + abbreviate(response.body());
                if (status != 429 && status < 500) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
        }
        return last + " (after " + MAX_ATTEMPTS + " attempts)";
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
