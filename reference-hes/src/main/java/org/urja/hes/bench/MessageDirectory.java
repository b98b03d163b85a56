package org.urja.hes.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.internal.MdmClient;
import org.urja.hes.internal.MessageSink;
import tools.jackson.databind.json.JsonMapper;

/**
 * A directory of prepared messages, for a load generator that must not generate inside its timed window: every message
 * a HES would send is written, in send order, as one file ({@code 000001.json}, …) holding exactly the JSON body it
 * would POST, and listed in {@code manifest.tsv}:
 * <pre>
 *   file          path             readings  bytes
 *   000001.json   /meter-readings  153600    12345678
 * </pre>
 * {@code path} is the endpoint under the MDM's HES base URL; {@code readings} the channel values of the message's
 * interval blocks (0 for a re-send of a message id already written: it carries nothing new); {@code bytes} the body
 * size. Writing streams: each message goes to disk as it is sent, so the directory may hold more than memory.
 */
public final class MessageDirectory implements MessageSink, Closeable {

    public static final String MANIFEST = "manifest.tsv";
    static final String HEADER = "file\tpath\treadings\tbytes";

    /** One message of the directory. */
    public record Entry(String file, String path, long readings, long bytes) {
    }

    private final Path dir;
    private final JsonMapper json;
    private final BufferedWriter manifest;
    private final Set<String> messageIds = new HashSet<>();
    private int messages;
    private long readings;
    private long bytes;

    private MessageDirectory(Path dir, JsonMapper json) throws IOException {
        this.dir = dir;
        this.json = json;
        this.manifest = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        manifest.write(HEADER);
        manifest.newLine();
    }

    /**
     * A directory to write messages into, serialised by {@code json} (the mapper the HES sends with); {@code dir} is
     * created if absent and must be empty.
     */
    public static MessageDirectory create(Path dir, JsonMapper json) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> existing = Files.list(dir)) {
            if (existing.findAny().isPresent()) {
                throw new IOException("Not an empty directory: " + dir);
            }
        }
        return new MessageDirectory(dir, json);
    }

    /** Writes the message's body to the next file and lists it in the manifest; answers 202 as the MDM would. */
    @Override
    public synchronized MdmClient.Delivery send(String path, Object message) {
        String file = String.format("%06d.json", messages + 1);
        Path target = dir.resolve(file);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                json.writeValue(out, message);
            }
            long size = Files.size(target);
            long values = readingsOf(message);
            manifest.write(file + "\t" + path + "\t" + values + "\t" + size);
            manifest.newLine();
            messages++;
            readings += values;
            bytes += size;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target, e);
        }
        return new MdmClient.Delivery(202, "");
    }

    private long readingsOf(Object message) {
        if (!(message instanceof MeterReadingsMessage m) || !messageIds.add(m.messageId())) {
            return 0;
        }
        long n = 0;
        for (MeterReading r : m.meterReadings()) {
            for (IntervalBlock b : r.intervalBlocks()) {
                n += b.intervalReadings().size();
            }
        }
        return n;
    }

    public synchronized int messages() {
        return messages;
    }

    public synchronized long readings() {
        return readings;
    }

    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() throws IOException {
        manifest.close();
    }

    /** The messages listed in {@code dir}'s manifest, in send order. */
    public static List<Entry> read(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.equals(HEADER)) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new IOException("Bad manifest line in " + dir.resolve(MANIFEST) + ": " + line);
            }
            entries.add(new Entry(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
        }
        return entries;
    }
}
