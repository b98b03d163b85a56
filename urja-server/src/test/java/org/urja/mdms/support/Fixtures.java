package org.urja.mdms.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Test data created through the public API, with names unique within a test run. */
public final class Fixtures {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String HES_KEY = "test-hes-key";
    public static final String HES_KEY_ID = "hes";
    public static final String HES_SECRET = "test-hes-secret";
    public static final String MDM_TO_HES_SECRET = "test-mdm-secret";

    private static final AtomicInteger SEQ = new AtomicInteger();

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet() + Long.toString(System.nanoTime() % 100000, 36);
    }

    public static TestHttp admin(int port) {
        return TestHttp.staffApi(port, ADMIN, ADMIN_PASSWORD);
    }

    /**
     * Creates a staff user through the admin API with a one-time password ({@link #initialPassword}); the user has
     * not signed in yet. Returns the user name.
     */
    public static String newStaffUser(int port, String prefix, List<String> roles) {
        String username = unique(prefix).toLowerCase();
        var r = admin(port).postJson("/api/v1/staff/users", Map.of("username", username, "displayName", "Test " + username,
                "initialPassword", initialPassword(username), "roles", roles));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return username;
    }

    /**
     * Creates a staff user and, as that user, replaces the one-time password by {@link #password} through the
     * password form, as a new member of staff does at first sign-in. Returns the user name.
     */
    public static String staffUser(int port, String prefix, List<String> roles) {
        String username = newStaffUser(port, prefix, roles);
        TestHttp browser = TestHttp.browser(port);
        assertThat(browser.signIn(username, initialPassword(username)).location()).endsWith("/");
        var changed = browser.postForm("/account/password", Map.of("currentPassword", initialPassword(username),
                "newPassword", password(username), "confirmPassword", password(username)), "/account/password", true);
        assertThat(changed.location()).endsWith("/?passwordChanged");
        return username;
    }

    public static String initialPassword(String username) {
        return username + "-Initial1";
    }

    public static String password(String username) {
        return username + "-Secret1";
    }

    /**
     * Imports a one-line network (circle, division, sub-division, substation, feeder {@code p}F, DT {@code p}DT) as an
     * administrator, with codes prefixed by {@code p} so tests never collide; returns the DT code.
     */
    public static String importChain(int port, String p) {
        importCsv(port, "network-nodes", """
                level,code,name,parent_code
                CIRCLE,%1$sC,C,
                DIVISION,%1$sD,D,%1$sC
                SUBDIVISION,%1$sSD,SD,%1$sD
                SUBSTATION,%1$sSS,SS,%1$sSD
                FEEDER,%1$sF,F,%1$sSS
                DT,%1$sDT,DT,%1$sF
                """.formatted(p));
        return p + "DT";
    }

    /** Imports a CSV of an asset-master kind as an administrator; every row must be accepted. */
    public static void importCsv(int port, String kind, String csv) {
        TestHttp.Response r = admin(port).postCsv("/api/v1/imports/" + kind, csv);
        org.assertj.core.api.Assertions.assertThat(r.status()).as(kind + ": " + r.body()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(r.json().get("rowsRejected").asInt()).as(kind).isZero();
    }

    /** The latest command of a type for a meter (GET /api/v1/meters/{serial}/commands), or null. */
    public static tools.jackson.databind.JsonNode latestCommand(TestHttp ops, String meter, String type) {
        for (tools.jackson.databind.JsonNode c : ops.get("/api/v1/meters/" + meter + "/commands").json()) {
            if (c.get("type").asString().equals(type)) {
                return c;
            }
        }
        return null;
    }
}
