package org.urja.mdms.access.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.urja.hes.contract.HesSignature;

/**
 * Authenticates an integration system by the HMAC signature of its request ({@link HesSignature}): known key id,
 * timestamp inside the replay window, signature over timestamp, method, path and body, and a signature not seen
 * before. A request that carries a signature but fails any check is refused here with 401 and a reason; a request
 * without one continues (the API-key filter may still authenticate it).
 */
class SignedRequestAuthenticationFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final String keyId;
    private final String secret;
    private final long windowSeconds;
    private final String principal;
    private final String authority;
    private final JdbcClient jdbc;
    private final Clock clock;

    SignedRequestAuthenticationFilter(String keyId, String secret, long windowSeconds, String principal,
                                      String authority, JdbcClient jdbc, Clock clock) {
        this.keyId = keyId;
        this.secret = secret == null || secret.isBlank() ? null : secret;
        this.windowSeconds = windowSeconds;
        this.principal = principal;
        this.authority = authority;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String signature = request.getHeader(HesSignature.SIGNATURE_HEADER);
        if (signature == null) {
            chain.doFilter(request, response);
            return;
        }
        // Everything that can be checked without the body first, so a stranger cannot make us buffer it.
        String failure = checkHeaders(request);
        byte[] body = null;
        if (failure == null) {
            body = readBody(request);
            if (body == null) {
                ProblemWriter.write(response, 413, "Payload too large", "Body exceeds " + MAX_BODY_BYTES + " bytes", "body");
                return;
            }
            failure = checkSignature(request, body, signature);
        }
        if (failure != null) {
            ProblemWriter.write(response, 401, "Unauthorized", failure, failure.startsWith("Key") ? HesSignature.KEY_ID_HEADER
                    : failure.startsWith("Timestamp") ? HesSignature.TIMESTAMP_HEADER : HesSignature.SIGNATURE_HEADER);
            return;
        }
        var auth = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(authority)));
        SecurityContextHolder.getContext().setAuthentication(auth);
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private String checkHeaders(HttpServletRequest request) {
        if (secret == null || !keyId.equals(request.getHeader(HesSignature.KEY_ID_HEADER))) {
            return "Key id missing or unknown in " + HesSignature.KEY_ID_HEADER;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(request.getHeader(HesSignature.TIMESTAMP_HEADER));
        } catch (NumberFormatException e) {
            return "Timestamp missing or not epoch seconds in " + HesSignature.TIMESTAMP_HEADER;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > windowSeconds) {
            return "Timestamp outside the replay window of " + windowSeconds + " s";
        }
        String nonce = request.getHeader(HesSignature.NONCE_HEADER);
        if (nonce == null || nonce.isBlank() || nonce.length() > 128) {
            return "Signature needs a nonce in " + HesSignature.NONCE_HEADER;
        }
        return null;
    }

    private String checkSignature(HttpServletRequest request, byte[] body, String signature) {
        long timestamp = Long.parseLong(request.getHeader(HesSignature.TIMESTAMP_HEADER));
        String nonce = request.getHeader(HesSignature.NONCE_HEADER);
        if (!HesSignature.matches(secret, timestamp, nonce, request.getMethod(), request.getRequestURI(), body,
                signature)) {
            return "Signature does not match the request";
        }
        int fresh = jdbc.sql("""
                        INSERT INTO integration_request_signature (signature, key_id) VALUES (?, ?)
                        ON CONFLICT (signature) DO NOTHING""")
                .params(signature, keyId).update();
        return fresh == 1 ? null : "Signature already used: replayed request";
    }

    private static byte[] readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }
}
