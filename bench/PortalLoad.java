import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The `bench/run portal` load driver (run as a single source file: {@code java bench/PortalLoad.java ...}): SESSIONS
 * concurrent consumer sessions, each its own HttpClient with its own cookies, sign in through the portal's login form
 * (CSRF token from the page), then loop until the time is up over the dashboard and the consumption pages of their
 * service point (days of this month, 13 months, 15 minutes of a random day of the last 13 months), with THINK_MS
 * (±50 %) between pages as a person reading them. The chart data is in the page (no separate request). The first
 * WARMUP seconds are not counted. Prints RESULT lines: requests, p50, p90, p99, max, errors, per-page p99.
 *
 * <p>Arguments: baseUrl loginPrefix firstLogin consumers password sessions warmupSeconds seconds thinkMs.
 */
public class PortalLoad {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    static final String[] PAGES = {"dashboard", "days", "months", "intervals"};

    public static void main(String[] a) throws Exception {
        String base = a[0];
        String loginPrefix = a[1];
        int firstLogin = Integer.parseInt(a[2]);
        int consumers = Integer.parseInt(a[3]);
        String password = a[4];
        int sessions = Integer.parseInt(a[5]);
        int warmup = Integer.parseInt(a[6]);
        int seconds = Integer.parseInt(a[7]);
        int think = Integer.parseInt(a[8]);

        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        List<List<long[]>> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong signedIn = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int n = s % consumers;
            String login = loginPrefix + (firstLogin + n);
            String sp = "PSP" + String.format("%08d", n + 1);
            List<long[]> lat = new ArrayList<>(); // {page, micros}
            perThread.add(lat);
            Thread t = new Thread(() -> {
                try {
                    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
                    signIn(http, base, login, password);
                    signedIn.incrementAndGet();
                    int count = 0;
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    Thread.sleep(r.nextInt(Math.max(1, think)));
                    while (System.nanoTime() < end) {
                        int page = count % 4;
                        String path = switch (page) {
                            case 0 -> "/portal";
                            case 1 -> "/portal/consumption/" + sp + "?view=day";
                            case 2 -> "/portal/consumption/" + sp + "?view=month";
                            default -> "/portal/consumption/" + sp + "?view=interval&day="
                                    + LocalDate.now().minusDays(1 + r.nextInt(390));
                        };
                        long t0 = System.nanoTime();
                        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        boolean ok = resp.statusCode() == 200 && resp.body().contains("</html>");
                        if (t0 >= measureFrom && t1 <= end) {
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                            lat.add(new long[] {page, (t1 - t0) / 1000});
                        }
                        count++;
                        if (think > 0) {
                            Thread.sleep(think / 2 + r.nextInt(Math.max(1, think)));
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println("session " + login + ": " + e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> all = new ArrayList<>();
        List<List<Long>> byPage = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (List<long[]> lat : perThread) {
            for (long[] x : lat) {
                all.add(x[1]);
                byPage.get((int) x[0]).add(x[1]);
            }
        }
        System.out.println("RESULT portal_sessions=" + sessions);
        System.out.println("RESULT portal_sessions_signed_in=" + signedIn.get());
        System.out.println("RESULT portal_think_ms=" + think);
        System.out.println("RESULT portal_seconds=" + seconds);
        System.out.println("RESULT portal_requests=" + all.size());
        System.out.printf("RESULT portal_requests_per_second=%.1f%n", all.size() / (double) seconds);
        System.out.println("RESULT portal_errors=" + errors.get());
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println("RESULT portal_p50_ms=" + ms(sorted, 0.50));
        System.out.println("RESULT portal_p90_ms=" + ms(sorted, 0.90));
        System.out.println("RESULT portal_p99_ms=" + ms(sorted, 0.99));
        System.out.println("RESULT portal_max_ms=" + (sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000));
        for (int p = 0; p < 4; p++) {
            long[] s = byPage.get(p).stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.println("RESULT portal_" + PAGES[p] + "_p50_ms=" + ms(s, 0.50));
            System.out.println("RESULT portal_" + PAGES[p] + "_p99_ms=" + ms(s, 0.99));
        }
    }

    static long ms(long[] sortedMicros, double q) {
        if (sortedMicros.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedMicros.length - 1, Math.ceil(q * sortedMicros.length) - 1);
        return Math.round(sortedMicros[Math.max(0, i)] / 1000.0);
    }

    static void signIn(HttpClient http, String base, String login, String password) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page (" + page.statusCode() + ")");
        }
        String form = "loginId=" + enc(login) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || location.contains("error") || location.contains("login")) {
            throw new IllegalStateException("sign-in of " + login + " refused: " + r.statusCode() + " " + location);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
