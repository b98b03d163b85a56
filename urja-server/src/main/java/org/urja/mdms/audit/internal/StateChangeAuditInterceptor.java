package org.urja.mdms.audit.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.urja.mdms.audit.AuditTrail;

/**
 * Audits every state-changing request (POST, PUT, PATCH, DELETE) that reaches a controller: who (staff user or
 * integration system), what (method and path), outcome (HTTP status), from where.
 */
@Component
class StateChangeAuditInterceptor implements HandlerInterceptor {

    private final AuditTrail audit;

    StateChangeAuditInterceptor(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String actor = auth == null || auth instanceof AnonymousAuthenticationToken ? "anonymous" : auth.getName();
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        String query = request.getQueryString();
        audit.record(actor, method + " " + request.getRequestURI(), query, status < 400 ? "OK" : "REJECTED",
                "HTTP " + status, request.getRemoteAddr());
    }
}
