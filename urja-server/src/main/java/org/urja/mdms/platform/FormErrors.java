package org.urja.mdms.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

/**
 * What is wrong with a staff page's form, field by field, for showing each message beside its field: the same bean
 * constraints the API's request records carry (checked with {@link #check}) and the {@link ApiProblem}s the services
 * throw ({@link #add(ApiProblem)}), so a page refuses exactly what the API refuses and names the same fields.
 * {@link #status()} is the HTTP status the page is drawn again with (400, or the problem's own).
 */
public final class FormErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();
    private int status;

    /** The bean constraints of {@code request} (e.g. an API request record built from the form's fields). */
    public static FormErrors check(Validator validator, Object request) {
        return new FormErrors().and(validator, request);
    }

    /**
     * Adds the bean constraints of {@code request}; a field already in error (one the form could not read, so the
     * request holds nothing for it) keeps its first message.
     */
    public FormErrors and(Validator validator, Object request) {
        for (ConstraintViolation<Object> v : validator.validate(request)) {
            add(field(v.getPropertyPath()), v.getMessage());
        }
        return this;
    }

    /** A field the form could not even read (a number that is not one, a choice not offered). */
    public FormErrors add(String field, String message) {
        byField.putIfAbsent(field, message);
        status = Math.max(status, 400);
        return this;
    }

    /** A service's refusal: each field it names (a problem without fields under {@code form}). */
    public FormErrors add(ApiProblem problem) {
        if (problem.issues().isEmpty()) {
            byField.putIfAbsent("form", problem.getMessage());
        }
        problem.issues().forEach(i -> byField.putIfAbsent(i.field(), i.message()));
        status = Math.max(status, problem.status().value());
        return this;
    }

    /** A field's name as the form knows it, where the service calls it otherwise. */
    public FormErrors rename(String serviceField, String formField) {
        String message = byField.remove(serviceField);
        if (message != null) {
            byField.putIfAbsent(formField, message);
        }
        return this;
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    /** Field → message, in the order found (for the template: {@code errors.get('phone')}). */
    public Map<String, String> fields() {
        return Map.copyOf(byField);
    }

    public String get(String field) {
        return byField.get(field);
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The first message with its field, for a page's summary line. */
    public String summary() {
        return byField.entrySet().stream().findFirst().map(e -> e.getKey() + ": " + e.getValue()).orElse("");
    }

    /** 400 for a form that does not read, else the service's status (409, 422 …). */
    public int status() {
        return status == 0 ? 400 : status;
    }

    private static String field(Path path) {
        String last = null;
        for (Path.Node n : path) {
            if (n.getName() != null) {
                last = n.getName();
            }
        }
        return last == null ? "form" : last;
    }
}
