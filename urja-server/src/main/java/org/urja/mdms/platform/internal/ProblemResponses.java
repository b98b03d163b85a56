package org.urja.mdms.platform.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import tools.jackson.core.JacksonException;

/**
 * Every API error as RFC 9457 problem+json. Field-level problems carry an {@code errors} array of
 * {@code {field, line?, message}} so a client (or an integration engineer) sees exactly what to fix.
 */
@RestControllerAdvice(basePackages = "org.urja.mdms")
class ProblemResponses extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem e) {
        return build(e.status(), e.title(), e.getMessage(), e.issues());
    }

    /** Two requests raced for the same unique key (e.g. the same new meter serial): the later one is a conflict. */
    @ExceptionHandler(org.springframework.dao.DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicateKey(org.springframework.dao.DuplicateKeyException e) {
        String detail = "A concurrent request registered the same item first; retry to see the current state";
        return build(HttpStatus.CONFLICT, "Conflict", detail, List.of(FieldIssue.of("body", detail)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<FieldIssue> issues = e.getConstraintViolations().stream()
                .map(v -> FieldIssue.of(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return build(HttpStatus.BAD_REQUEST, "Invalid request", "Request parameters are invalid", issues);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String detail = "Value '" + e.getValue() + "' is not valid for " + e.getName();
        return build(HttpStatus.BAD_REQUEST, "Invalid request", detail, List.of(FieldIssue.of(e.getName(), detail)));
    }

    /** A required query parameter is absent: named in {@code errors} like any other bad field. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "Required parameter '" + ex.getParameterName() + "' is missing";
        return widen(build(HttpStatus.BAD_REQUEST, "Invalid request", detail,
                List.of(FieldIssue.of(ex.getParameterName(), detail))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldIssue> issues = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
                .forEach(fe -> issues.add(FieldIssue.of(fe.getField(), fe.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors()
                .forEach(ge -> issues.add(FieldIssue.of(ge.getObjectName(), ge.getDefaultMessage())));
        String detail = issues.isEmpty() ? "Request body is invalid"
                : issues.get(0).field() + ": " + issues.get(0).message();
        return widen(build(HttpStatus.BAD_REQUEST, "Invalid request", detail, issues));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = "body";
        JacksonException jackson = null;
        for (Throwable t = ex; t != null && jackson == null; t = t.getCause()) {
            if (t instanceof JacksonException je) {
                jackson = je;
            }
        }
        if (jackson != null && !jackson.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                if (ref.getPropertyName() != null) {
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = path.toString();
        }
        String detail = "Malformed or mistyped value in " + field;
        if (jackson != null) {
            detail = detail + ": " + jackson.getOriginalMessage();
        }
        return widen(build(HttpStatus.BAD_REQUEST, "Unreadable request", detail, List.of(FieldIssue.of(field, detail))));
    }

    static ResponseEntity<ProblemDetail> build(HttpStatus status, String title, String detail, List<FieldIssue> issues) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        pd.setType(URI.create("https://urja.dev/problems/" + status.value()));
        if (!issues.isEmpty()) {
            pd.setProperty("errors", issues.stream().map(ProblemResponses::asMap).toList());
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    private static Map<String, Object> asMap(FieldIssue issue) {
        return issue.line() == null
                ? Map.of("field", issue.field(), "message", issue.message())
                : Map.of("field", issue.field(), "line", issue.line(), "message", issue.message());
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> widen(ResponseEntity<ProblemDetail> e) {
        return (ResponseEntity) e;
    }
}
