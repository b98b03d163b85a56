package org.urja.mdms.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Sends a user who signed in with a one-time password to the password page before anything else. */
@Configuration(proxyBeanMethods = false)
class PasswordChangeRequired implements WebMvcConfigurer, HandlerInterceptor {

    private final StaffUsers users;

    PasswordChangeRequired(StaffUsers users) {
        this.users = users;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/account/password", "/login", "/logout", "/api/**",
                "/actuator/**", "/css/**", "/js/**", "/error", "/v3/**", "/swagger-ui/**",
                "/portal/**"); // consumers: their own sign-in and password rules (portal module)
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken) {
            return true;
        }
        boolean mustChange = users.find(auth.getName()).map(StaffUsers.StaffUser::mustChangePassword).orElse(false);
        if (mustChange) {
            response.sendRedirect(request.getContextPath() + "/account/password");
            return false;
        }
        return true;
    }
}
