package org.urja.mdms.access.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.urja.mdms.audit.AuditTrail;

/** Records the sign-out (UC22.3) and returns to the sign-in page. */
record AuditedLogoutSuccessHandler(AuditTrail audit) implements LogoutSuccessHandler {

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException {
        if (auth != null) {
            audit.record(auth.getName(), "SIGN_OUT", null, "OK", "portal", request.getRemoteAddr());
        }
        response.sendRedirect(request.getContextPath() + "/login?logout");
    }
}
