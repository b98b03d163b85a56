package org.urja.mdms.access.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Writes a minimal RFC 9457 body from a servlet filter, where no message converters run. */
final class ProblemWriter {

    private ProblemWriter() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"https://urja.dev/problems/" + status + "\",\"title\":\"" + esc(title)
                + "\",\"status\":" + status + ",\"detail\":\"" + esc(detail) + "\",\"errors\":[{\"field\":\""
                + esc(field) + "\",\"message\":\"" + esc(detail) + "\"}]}");
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
