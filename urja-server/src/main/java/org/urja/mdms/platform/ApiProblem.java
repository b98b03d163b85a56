package org.urja.mdms.platform;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A business rejection that the API turns into an RFC 9457 problem+json response naming the offending field.
 * Throw it before changing anything (or inside the transaction, so the change rolls back).
 */
public class ApiProblem extends RuntimeException {

    /** One offending input: the field (JSON property or CSV column), its line when it came from a file, why. */
    public record FieldIssue(String field, Integer line, String message) {
        public static FieldIssue of(String field, String message) {
            return new FieldIssue(field, null, message);
        }
    }

    private final HttpStatus status;
    private final String title;
    private final List<FieldIssue> issues;

    public ApiProblem(HttpStatus status, String title, String detail, List<FieldIssue> issues) {
        super(detail);
        this.status = status;
        this.title = title;
        this.issues = List.copyOf(issues);
    }

    public static ApiProblem notFound(String field, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail, List.of(FieldIssue.of(field, detail)));
    }

    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, List.of(FieldIssue.of(field, detail)));
    }

    /** A request parameter that is missing, malformed or out of range (400), e.g. a query's date range. */
    public static ApiProblem badRequest(String field, String detail) {
        return badRequest(detail, List.of(FieldIssue.of(field, detail)));
    }

    /** As {@link #badRequest(String, String)}, with every issue found (e.g. all the invalid fields of a message). */
    public static ApiProblem badRequest(String detail, List<FieldIssue> issues) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail, issues);
    }

    /** A reference or value that is well-formed but not acceptable (unknown DCU, wrong hierarchy level, ...). */
    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", detail,
                List.of(FieldIssue.of(field, detail)));
    }

    public static ApiProblem invalid(String detail, List<FieldIssue> issues) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", detail, issues);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldIssue> issues() {
        return issues;
    }
}
