package org.urja.hes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;

/**
 * Command line of the reference HES.
 * <pre>
 *   java -jar reference-hes.jar serve    --mdm-url URL --hes-secret S --mdm-secret S [--port 8090] [--bind 0.0.0.0] [--meters 1000]
 *                                        [--seed 42] [--speed 60] [--faults realistic|none] [--prefix SIM]
 *   java -jar reference-hes.jar generate --mdm-url URL --hes-secret S --meters 1000 --days 7 [--from 2026-01-01]
 *                                        [--seed 42] [--faults none] [--prefix SIM] [--hes-id gen-SIM-42]
 * </pre>
 * {@code serve} runs a HES on a simulated clock ({@code --speed} simulated seconds per second) that collects on
 * schedule and answers commands. {@code generate} pushes {@code --days} days of daily collection for a generated
 * fleet to the MDM and prints figures as {@code RESULT name=value} lines (the load generator of the benchmarks).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || !(args[0].equals("serve") || args[0].equals("generate"))) {
            System.err.println("usage: reference-hes serve|generate --mdm-url URL --hes-secret S [options]; see the Javadoc of Main");
            System.exit(2);
        }
        Map<String, String> o = options(args);
        String mdmUrl = require(o, "mdm-url");
        FaultProfile faults = "none".equals(o.getOrDefault("faults", "realistic")) ? FaultProfile.none()
                : FaultProfile.realistic();
        long seed = Long.parseLong(o.getOrDefault("seed", "42"));
        int meters = Integer.parseInt(o.getOrDefault("meters", "1000"));
        String prefix = o.getOrDefault("prefix", "SIM");
        if (args[0].equals("serve")) {
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
        } else {
            int days = Integer.parseInt(require(o, "days"));
            LocalDate from = LocalDate.parse(o.getOrDefault("from", LocalDate.now(ZoneOffset.UTC).minusDays(days).toString()));
            Instant commissioned = from.minusDays(1).atStartOfDay(ZoneOffset.ofHoursMinutes(5, 30)).toInstant();
            Fleet fleet = Fleet.generate(seed, meters, prefix, commissioned, faults);
            HesConfig config = HesConfig.defaults(mdmUrl, require(o, "hes-secret"), "unused-inbound-secret")
                    .withHesId(o.getOrDefault("hes-id", "gen-" + prefix + "-" + seed))
                    .withSeed(seed).withFaults(faults).manual(commissioned);
            try (ReferenceHes hes = ReferenceHes.start(config, fleet)) {
                long started = System.nanoTime();
                long intervals = 0;
                int messages = 0;
                for (int d = 0; d < days; d++) {
                    var report = hes.collectDaily(from.plusDays(d));
                    intervals += report.intervalsSent();
                    messages += report.messagesSent();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("RESULT generate_meters=%d%nRESULT generate_days=%d%nRESULT generate_messages=%d%n"
                                + "RESULT generate_intervals=%d%nRESULT generate_channel_values=%d%nRESULT generate_seconds=%.2f%n",
                        meters, days, messages, intervals, intervals * 8, seconds);
            }
        }
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
