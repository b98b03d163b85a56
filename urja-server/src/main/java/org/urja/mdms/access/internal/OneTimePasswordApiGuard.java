package org.urja.mdms.access.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A staff user still holding the one-time password an administrator gave them may not use the API until they
 * have chosen their own password in the portal (the portal enforces the same with a redirect).
 */
class OneTimePasswordApiGuard extends OncePerRequestFilter {

    private final StaffUsers users;

    OneTimePasswordApiGuard(StaffUsers users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated()
                && users.find(auth.getName()).map(StaffUsers.StaffUser::mustChangePassword).orElse(false)) {
            ProblemWriter.write(response, 403, "Password change required",
                    "Sign in to the portal and replace your one-time password before using the API", "password");
            return;
        }
        chain.doFilter(request, response);
    }
}
