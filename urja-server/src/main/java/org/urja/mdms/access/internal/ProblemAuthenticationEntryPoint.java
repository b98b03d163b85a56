package org.urja.mdms.access.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 as problem+json for API clients. */
record ProblemAuthenticationEntryPoint(String challenge) implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (challenge.startsWith("Basic")) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        ProblemWriter.write(response, 401, "Unauthorized",
                challenge.startsWith("Basic") ? "Sign in with HTTP Basic credentials of a staff user"
                        : "Missing or wrong API key in header " + challenge,
                challenge.startsWith("Basic") ? "Authorization" : challenge);
    }
}
