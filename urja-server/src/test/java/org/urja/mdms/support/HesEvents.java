package org.urja.mdms.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EndDeviceEvents messages as a HES sends them: signed POSTs to {@code /api/v1/hes/end-device-events} through the
 * contract (HMAC with the test HES's key).
 */
public final class HesEvents {

    private HesEvents() {
    }

    /** One event; the log (contract category) follows the IS 15959 code blocks of 50 (1–50 voltage … 301– control). */
    public static Map<String, Object> event(String meter, Instant at, int code) {
        return event(meter, at, code, Map.of());
    }

    public static Map<String, Object> event(String meter, Instant at, int code, Map<String, String> details) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("meterSerialNo", meter);
        e.put("createdDateTime", at.toString());
        e.put("eventCode", code);
        e.put("category", log(code));
        e.put("highPriority", code == 101 || code == 102 || (code >= 201 && code <= 210) || code == 251);
        e.put("details", details);
        return e;
    }

    public static String log(int code) {
        String[] logs = {"VOLTAGE", "CURRENT", "POWER_FAILURE", "TRANSACTION", "OTHER", "NON_ROLLOVER", "CONTROL"};
        return logs[Math.min(6, (code - 1) / 50)];
    }

    /** Sends the events as one message with a new id; returns the HES-facing response (202 new, 200 re-sent). */
    public static TestHttp.Response send(int port, List<Map<String, Object>> events) {
        return send(port, Fixtures.unique("hes-ev-"), events);
    }

    public static TestHttp.Response send(int port, String messageId, List<Map<String, Object>> events) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messageId", messageId);
        message.put("sentAt", Instant.now().toString());
        message.put("endDeviceEvents", events);
        return TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/end-device-events", message);
    }
}
