package org.urja.mdms.vee.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;

/**
 * The VEE parameters over HTTP: read by the roles that work with VEE, changed by ADMIN (the same checks and audit as
 * the portal's {@code /admin/vee-parameters}).
 */
@RestController
@RequestMapping("/api/v1/vee/parameters")
class VeeParameterController {

    record ParameterView(String name, String label, BigDecimal value, BigDecimal defaultValue, BigDecimal min,
                         BigDecimal max, boolean integer, String updatedBy, java.time.Instant updatedAt) {
    }

    private final VeeParameters parameters;

    VeeParameterController(VeeParameters parameters) {
        this.parameters = parameters;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION')")
    List<ParameterView> list() {
        return parameters.all().stream().map(v -> new ParameterView(v.definition().name(), v.definition().label(),
                v.value(), v.defaultValue(), v.definition().min(), v.definition().max(), v.definition().integer(),
                v.updatedBy(), v.updatedAt())).toList();
    }

    /** Sets the parameters named in the body ({@code {"spike-factor": 3.5}}); all or none. */
    @PutMapping
    @PreAuthorize("hasRole('ADMIN')")
    List<ParameterView> set(@RequestBody(required = false) Map<String, Object> body, Principal user) {
        if (body == null || body.isEmpty()) {
            throw ApiProblem.badRequest("parameters", "a body of parameter names and values is required");
        }
        Map<String, String> typed = new LinkedHashMap<>();
        body.forEach((k, v) -> typed.put(k, v == null ? null : v.toString()));
        parameters.set(typed, user.getName());
        return list();
    }
}
