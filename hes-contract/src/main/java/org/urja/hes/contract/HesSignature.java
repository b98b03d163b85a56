package org.urja.hes.contract;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request signing used in both directions of the contract. The sender adds three headers:
 * <pre>
 *   X-Urja-Key-Id:    the sender's key id (which shared secret was used)
 *   X-Urja-Timestamp: seconds since the epoch when the request was signed
 *   X-Urja-Nonce:     a fresh random value per request (so a legitimate re-send never looks like a replay)
 *   X-Urja-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + METHOD + "\n" + path + "\n"
 *                                                + hex(SHA-256(body))))
 * </pre>
 * The receiver recomputes the signature, rejects a timestamp outside its replay window (default ±300 s) and a
 * signature it has already accepted inside that window.
 */
public final class HesSignature {

    public static final String KEY_ID_HEADER = "X-Urja-Key-Id";
    public static final String TIMESTAMP_HEADER = "X-Urja-Timestamp";
    public static final String NONCE_HEADER = "X-Urja-Nonce";
    public static final String SIGNATURE_HEADER = "X-Urja-Signature";
    public static final String API_KEY_HEADER = "X-Urja-Api-Key";
    public static final long DEFAULT_REPLAY_WINDOW_SECONDS = 300;

    private HesSignature() {
    }

    public static String sign(String secret, long epochSeconds, String nonce, String method, String path, byte[] body) {
        String canonical = epochSeconds + "\n" + nonce + "\n" + method.toUpperCase() + "\n" + path + "\n" + sha256Hex(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented signature with the expected one. */
    public static boolean matches(String secret, long epochSeconds, String nonce, String method, String path,
                                  byte[] body, String presented) {
        if (presented == null || nonce == null) {
            return false;
        }
        byte[] expected = sign(secret, epochSeconds, nonce, method, path, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh nonce for one request. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
