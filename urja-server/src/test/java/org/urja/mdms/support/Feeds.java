package org.urja.mdms.support;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/** Reads the integration feed (GET /api/v1/integration/events) as an external system would, through its cursor. */
public final class Feeds {

    private Feeds() {
    }

    /** The feed's event of this type whose data has {@code idField == id}, waiting up to 10 s for it. */
    public static JsonNode event(int port, String type, String idField, long id) {
        return Eventually.await(Duration.ofSeconds(10), () -> find(port, type, d -> d.get(idField).asLong() == id),
                e -> e != null);
    }

    /** The same for a text id (a bill number). */
    public static JsonNode event(int port, String type, String idField, String id) {
        return Eventually.await(Duration.ofSeconds(10), () -> find(port, type, d -> id.equals(d.get(idField).asString())),
                e -> e != null);
    }

    private static JsonNode find(int port, String type, java.util.function.Predicate<JsonNode> match) {
        TestHttp admin = Fixtures.admin(port);
        String cursor = "";
        for (int page = 0; page < 1000; page++) {
            JsonNode p = admin.get("/api/v1/integration/events?types=" + type + "&limit=500"
                    + (cursor.isEmpty() ? "" : "&after=" + cursor)).json();
            for (JsonNode e : p.get("events")) {
                if (match.test(e.get("data"))) {
                    return e;
                }
            }
            if (p.get("events").isEmpty()) {
                return null;
            }
            cursor = p.get("nextCursor").asString();
        }
        return null;
    }
}
