package org.urja.mdms.command.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.urja.hes.contract.ControlType;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * The parameters each command type takes (the HES contract's names) and their checks, so that a command the HES
 * would reject for its parameters is refused here first, naming the field ({@code parameters.loadLimitKw}).
 */
final class CommandParameters {

    private CommandParameters() {
    }

    static Set<String> allowed(ControlType type) {
        return switch (type) {
            case SET_LOAD_LIMIT -> Set.of("loadLimitKw");
            case SET_DEMAND_INTEGRATION_PERIOD, SET_PROFILE_CAPTURE_PERIOD -> Set.of("minutes");
            case FIRMWARE_UPGRADE -> Set.of("firmwareVersion", "imagePath", "imageSha256", "imageSizeBytes", "imageModels");
            case SET_PAYMENT_MODE -> Set.of("paymentMode", "engineeringToken");
            case UPDATE_CREDIT -> Set.of("creditRupees");
            case SET_EVENT_PRIORITY -> Set.of("eventCode", "highPriority");
            case CONNECT, DISCONNECT, PING, TIME_SYNC, RESET_MAX_DEMAND, RESET_TAMPER, RESET_EVENT_STATUS_WORD -> Set.of();
        };
    }

    /** Every problem with the parameters of a command of this type; empty when they are fine. */
    static List<FieldIssue> check(ControlType type, Map<String, String> p) {
        List<FieldIssue> issues = new ArrayList<>();
        Set<String> allowed = allowed(type);
        p.keySet().stream().filter(k -> !allowed.contains(k)).sorted().forEach(k -> issues.add(issue(k,
                "not a parameter of " + type + (allowed.isEmpty() ? " (it takes none)" : "; expected " + allowed))));
        switch (type) {
            case SET_LOAD_LIMIT -> decimal(p, "loadLimitKw", issues, v -> v.signum() > 0
                    && v.compareTo(BigDecimal.valueOf(100_000)) <= 0, "must be a number of kW above 0");
            case SET_DEMAND_INTEGRATION_PERIOD, SET_PROFILE_CAPTURE_PERIOD -> {
                String m = p.get("minutes");
                if (m == null || !(m.equals("15") || m.equals("30"))) {
                    issues.add(issue("minutes", m == null ? "is required (15 or 30)" : "must be 15 or 30"));
                }
            }
            case FIRMWARE_UPGRADE -> {
                text(p, "firmwareVersion", 64, issues);
                if (p.containsKey("imagePath") || p.containsKey("imageSha256") || p.containsKey("imageSizeBytes")) {
                    String path = p.get("imagePath");
                    if (path == null || !path.matches("/[A-Za-z0-9/._-]{1,255}")) {
                        issues.add(issue("imagePath", "must be the image's path under the MDM's HES API, e.g. "
                                + "/firmware-images/7/content"));
                    }
                    String sha = p.get("imageSha256");
                    if (sha == null || !sha.matches("[0-9a-f]{64}")) {
                        issues.add(issue("imageSha256", "must be the image's SHA-256 as 64 lower-case hex digits"));
                    }
                    String size = p.get("imageSizeBytes");
                    if (size == null || !size.matches("[1-9][0-9]{0,9}")) {
                        issues.add(issue("imageSizeBytes", "must be the image's size in bytes"));
                    }
                }
                if (p.containsKey("imageModels")) {
                    text(p, "imageModels", 500, issues);
                }
            }
            case SET_PAYMENT_MODE -> {
                String mode = p.get("paymentMode");
                if (mode == null || !(mode.equals("PREPAID") || mode.equals("POSTPAID"))) {
                    issues.add(issue("paymentMode", mode == null ? "is required (PREPAID or POSTPAID)"
                            : "must be PREPAID or POSTPAID"));
                }
                text(p, "engineeringToken", 200, issues);
            }
            case UPDATE_CREDIT -> decimal(p, "creditRupees", issues, v -> v.scale() <= 2
                    && v.abs().compareTo(BigDecimal.valueOf(10_000_000)) < 0, "must be rupees with at most 2 decimals");
            case SET_EVENT_PRIORITY -> {
                String code = p.get("eventCode");
                try {
                    int c = Integer.parseInt(code == null ? "" : code);
                    if (c < 1 || c > 999) {
                        issues.add(issue("eventCode", "must be an IS 15959 event code (1–999)"));
                    }
                } catch (NumberFormatException e) {
                    issues.add(issue("eventCode", code == null ? "is required" : "must be a whole number"));
                }
                String high = p.get("highPriority");
                if (!"true".equals(high) && !"false".equals(high)) {
                    issues.add(issue("highPriority", "must be true or false"));
                }
            }
            default -> {
            }
        }
        return issues;
    }

    private static void text(Map<String, String> p, String name, int max, List<FieldIssue> issues) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            issues.add(issue(name, "is required"));
        } else if (v.length() > max) {
            issues.add(issue(name, "must be at most " + max + " characters"));
        }
    }

    private static void decimal(Map<String, String> p, String name, List<FieldIssue> issues,
                                java.util.function.Predicate<BigDecimal> ok, String rule) {
        String v = p.get(name);
        if (v == null) {
            issues.add(issue(name, "is required"));
            return;
        }
        try {
            if (!ok.test(new BigDecimal(v.trim()))) {
                issues.add(issue(name, rule));
            }
        } catch (NumberFormatException e) {
            issues.add(issue(name, rule));
        }
    }

    private static FieldIssue issue(String parameter, String message) {
        return FieldIssue.of("parameters." + parameter, message);
    }
}
