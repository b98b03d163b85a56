package org.urja.hes;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.urja.hes.bench.MessageDirectory;
import org.urja.hes.bench.Prepare;
import org.urja.hes.bench.Push;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;

/**
 * Command line of the reference HES.
 * <pre>
 *   java -jar reference-hes.jar serve    --mdm-url URL --hes-secret S --mdm-secret S [--port 8090] [--bind 0.0.0.0] [--meters 1000]
 *                                        [--seed 42] [--speed 60] [--faults realistic|none] [--prefix SIM]
 *   java -jar reference-hes.jar generate --mdm-url URL --hes-secret S --meters 1000 --days 7 [--from 2026-01-01]
 *                                        [--seed 42] [--faults none] [--prefix SIM] [--hes-id gen-SIM-42]
 *   java -jar reference-hes.jar prepare  --meters 1000 --days 7 [--from 2026-01-01] [--seed 42] [--faults none]
 *                                        [--prefix SIM] [--hes-id gen-SIM-42] --out DIR
 *   java -jar reference-hes.jar push     --dir DIR --mdm-url URL --hes-secret S [--hes-key-id hes] [--concurrency 8]
 *   java -jar reference-hes.jar fleet    --meters 1000 [--seed 42] [--prefix SIM]
 * </pre>
 * {@code serve} runs a HES on a simulated clock ({@code --speed} simulated seconds per second) that collects on
 * schedule and answers commands. {@code generate} pushes {@code --days} days of daily collection for a generated
 * fleet to the MDM and prints figures as {@code RESULT name=value} lines (the load generator of the benchmarks).
 * {@code prepare} writes the messages {@code generate} would push (same options, same ids and content) as files in
 * {@code DIR} with a manifest ({@link MessageDirectory}); {@code push} sends such a directory to the MDM with
 * parallel senders ({@link Push}), so a benchmark times only the MDM's side. Both print {@code RESULT} lines; push
 * exits 1 if a message was not accepted. {@code fleet} prints the inventory of the same generated fleet as CSV (serial,
 * category, interval, payment mode, relay, multiplier), from which a benchmark builds the MDM's asset master.
 */
public final class Main {

    private Main() {
    }

    /** What {@code generate} and {@code prepare} collect: a fleet, its HES configuration and the days. */
    private record Generation(HesConfig config, Fleet fleet, LocalDate from, int days) {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        String command = args.length == 0 ? "" : args[0];
        if (!List.of("serve", "generate", "prepare", "push", "fleet").contains(command)) {
            System.err.println("usage: reference-hes serve|generate|prepare|push|fleet [options]; see the Javadoc of Main");
            System.exit(2);
        }
        Map<String, String> o = options(args);
        switch (command) {
            case "serve" -> serve(o);
            case "generate" -> generate(o);
            case "prepare" -> prepare(o);
            case "fleet" -> fleet(o);
            default -> push(o);
        }
    }

    private static void serve(Map<String, String> o) throws InterruptedException {
        String mdmUrl = require(o, "mdm-url");
        FaultProfile faults = faults(o);
        long seed = Long.parseLong(o.getOrDefault("seed", "42"));
        int meters = Integer.parseInt(o.getOrDefault("meters", "1000"));
        String prefix = o.getOrDefault("prefix", "SIM");
        Instant start = Instant.now();
        Fleet fleet = Fleet.generate(seed, meters, prefix, start.minusSeconds(90L * 86400), faults);
        HesConfig config = HesConfig.defaults(mdmUrl, require(o, "hes-secret"), require(o, "mdm-secret"))
                .withPort(Integer.parseInt(o.getOrDefault("port", "8090")))
                .withBindAddress(o.getOrDefault("bind", "127.0.0.1"))
                .withSeed(seed).withFaults(faults)
                .withClock(start, Double.parseDouble(o.getOrDefault("speed", "1")));
        ReferenceHes hes = ReferenceHes.start(config, fleet);
        Runtime.getRuntime().addShutdownHook(new Thread(hes::close));
        new CountDownLatch(1).await();
    }

    private static void generate(Map<String, String> o) {
        Generation g = generation(o, require(o, "mdm-url"), require(o, "hes-secret"));
        try (ReferenceHes hes = ReferenceHes.start(g.config(), g.fleet())) {
            long started = System.nanoTime();
            long intervals = 0;
            int messages = 0;
            for (int d = 0; d < g.days(); d++) {
                var report = hes.collectDaily(g.from().plusDays(d));
                intervals += report.intervalsSent();
                messages += report.messagesSent();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("RESULT generate_meters=%d%nRESULT generate_days=%d%nRESULT generate_messages=%d%n"
                            + "RESULT generate_intervals=%d%nRESULT generate_channel_values=%d%nRESULT generate_seconds=%.2f%n",
                    g.fleet().meters().size(), g.days(), messages, intervals, intervals * 8, seconds);
        }
    }

    private static void prepare(Map<String, String> o) throws IOException {
        Path out = Path.of(require(o, "out"));
        // Nothing is sent: the MDM URL and secret only fill the configuration generate would use.
        Generation g = generation(o, "http://127.0.0.1/unused", "unused-secret");
        Prepare.Result r = Prepare.run(g.config(), g.fleet(), g.from(), g.days(), out);
        System.out.printf(Locale.ROOT, "RESULT prepare_messages=%d%nRESULT prepare_readings=%d%nRESULT prepare_bytes=%d%n"
                + "RESULT prepare_seconds=%.2f%n", r.messages(), r.readings(), r.bytes(), r.seconds());
    }

    /** The fleet's inventory as CSV (what a HES exports for the MDM's asset master): the same fleet as prepare. */
    private static void fleet(Map<String, String> o) {
        Map<String, String> withDays = new HashMap<>(o);
        withDays.putIfAbsent("days", "1");
        Generation g = generation(withDays, "http://127.0.0.1/unused", "unused-secret");
        StringBuilder csv = new StringBuilder("serial_no,category,interval_minutes,payment_mode,relay_capable,multiplier\n");
        for (var m : g.fleet().meters()) {
            var spec = m.spec();
            csv.append(spec.serialNo()).append(',').append(spec.category().name()).append(',')
                    .append(spec.intervalMinutes()).append(',').append(spec.paymentMode().name()).append(',')
                    .append(spec.category().hasRelay()).append(',').append(spec.multiplier().toPlainString()).append('\n');
        }
        System.out.print(csv);
    }

    private static void push(Map<String, String> o) throws IOException, InterruptedException {
        Push.Result r = Push.run(Path.of(require(o, "dir")), require(o, "mdm-url"),
                o.getOrDefault("hes-key-id", HesConfig.defaults("", "", "").outboundKeyId()), require(o, "hes-secret"),
                Integer.parseInt(o.getOrDefault("concurrency", "8")));
        System.out.printf(Locale.ROOT, "RESULT push_messages=%d%nRESULT push_readings=%d%nRESULT push_bytes=%d%n"
                        + "RESULT push_seconds=%.2f%nRESULT push_readings_per_second=%.0f%n",
                r.messages(), r.readings(), r.bytes(), r.seconds(), r.readingsPerSecond());
        if (r.retries() > 0) {
            System.err.println("push: " + r.retries() + " retried attempts");
        }
        if (!r.failed().isEmpty()) {
            System.err.println("push: " + r.failed().size() + " messages not accepted:");
            r.failed().stream().limit(20).forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    /** The fleet and configuration of generate and prepare, so both collect exactly the same messages. */
    private static Generation generation(Map<String, String> o, String mdmUrl, String hesSecret) {
        FaultProfile faults = faults(o);
        long seed = Long.parseLong(o.getOrDefault("seed", "42"));
        int meters = Integer.parseInt(o.getOrDefault("meters", "1000"));
        String prefix = o.getOrDefault("prefix", "SIM");
        int days = Integer.parseInt(require(o, "days"));
        LocalDate from = LocalDate.parse(o.getOrDefault("from", LocalDate.now(ZoneOffset.UTC).minusDays(days).toString()));
        Instant commissioned = from.minusDays(1).atStartOfDay(ZoneOffset.ofHoursMinutes(5, 30)).toInstant();
        Fleet fleet = Fleet.generate(seed, meters, prefix, commissioned, faults);
        HesConfig config = HesConfig.defaults(mdmUrl, hesSecret, "unused-inbound-secret")
                .withHesId(o.getOrDefault("hes-id", "gen-" + prefix + "-" + seed))
                .withSeed(seed).withFaults(faults).manual(commissioned);
        return new Generation(config, fleet, from, days);
    }

    private static FaultProfile faults(Map<String, String> o) {
        return "none".equals(o.getOrDefault("faults", "realistic")) ? FaultProfile.none() : FaultProfile.realistic();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            System.err.println("missing --" + name);
            System.exit(2);
        }
        return v;
    }
}
