package org.urja.mdms.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * An SMS provider for tests: an HTTP endpoint speaking the MDM's SMS adapter protocol (POST JSON {to, text,
 * reference}, bearer key), recording what it accepted; it can be told to answer 503 to the next requests.
 */
public final class TestSms {

    public static final String API_KEY = "test-sms-key";
    private static HttpServer server;
    private static final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failures = new AtomicInteger();

    private TestSms() {
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/sms", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status;
                String answer;
                if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    answer = "bad key";
                } else if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 503;
                    answer = "try later";
                } else {
                    JsonNode sms = TestHttp.JSON.readTree(new String(body, StandardCharsets.UTF_8));
                    accepted.add(sms);
                    status = 202;
                    answer = "sms-" + accepted.size();
                }
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    /** The messages accepted to a number, in order. */
    public static List<JsonNode> to(String number) {
        return accepted.stream().filter(s -> s.get("to").asString().equals(number)).toList();
    }

    /** Answers 503 to the next {@code n} requests. */
    public static void failNext(int n) {
        failures.set(n);
    }
}
