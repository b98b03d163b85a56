package org.urja.mdms.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as payment gateways use it: lower-case hex over the given bytes, compared in constant time. */
public final class Hmac {

    private Hmac() {
    }

    public static String sha256Hex(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String sha256Hex(String secret, String data) {
        return sha256Hex(secret, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code presented} is the HMAC of {@code data}; false for a missing secret or signature. */
    public static boolean matches(String secret, byte[] data, String presented) {
        if (secret == null || secret.isBlank() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256Hex(secret, data).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
