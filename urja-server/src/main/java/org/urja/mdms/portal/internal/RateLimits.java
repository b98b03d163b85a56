package org.urja.mdms.portal.internal;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

/**
 * Per-address limits on the consumer portal's sign-in form and on every request that sends or checks a one-time code
 * (fixed windows of {@code urja.portal.rate-window}): over the limit the answer is 429 with Retry-After, and the
 * request goes no further. Counted in PostgreSQL ({@link RateWindows}), so the limits hold across all application nodes
 * and restarts, as do the per-login lockout and the per-destination code limits.
 */
class RateLimits extends OncePerRequestFilter {

    private static final Set<String> CODE_POSTS = Set.of("/portal/register", "/portal/register/code",
            "/portal/register/code/resend", "/portal/forgot", "/portal/forgot/code", "/portal/forgot/code/resend",
            "/portal/link", "/portal/link/code", "/portal/link/code/resend");

    private final RateWindows windows;
    private final PortalProperties props;
    private final MessageSource messages;
    private final LocaleResolver locales;

    RateLimits(RateWindows windows, PortalProperties props, MessageSource messages, LocaleResolver locales) {
        this.windows = windows;
        this.props = props;
        this.messages = messages;
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String kind = path.equals("/portal/login") ? "sign-in" : CODE_POSTS.contains(path) ? "code" : null;
            if (kind != null) {
                int limit = kind.equals("sign-in") ? props.signInsPerWindow() : props.otpRequestsPerWindow();
                long retryAfter = windows.take(kind, request.getRemoteAddr(), limit);
                if (retryAfter > 0) {
                    refuse(request, response, retryAfter);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
        var locale = locales.resolveLocale(request);
        String title = messages.getMessage("portal.rate.title", null, locale);
        String text = messages.getMessage("portal.rate.text", new Object[] {retryAfter}, locale);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title><link rel=\"stylesheet\" href=\"" + request.getContextPath() + "/css/urja.css\"></head><body><main class=\"narrow\">"
                + "<h1>" + HtmlUtils.htmlEscape(title) + "</h1><p class=\"error\" id=\"rate-limited\">" + HtmlUtils.htmlEscape(text)
                + "</p><p><a href=\"" + request.getContextPath() + "/portal/login\">" + HtmlUtils.htmlEscape(
                        messages.getMessage("portal.login.title", null, locale)) + "</a></p></main></body></html>");
    }
}
