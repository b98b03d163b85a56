package org.urja.mdms.tariff.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.DailyCharge;
import org.urja.mdms.tariff.Tariff;

/**
 * Tariffs over HTTP: versions by category (read by billing and operations staff), a new version (administrators and
 * billing; a version is never edited), and a quote of a day's charge under the version in force.
 */
@RestController
@RequestMapping("/api/v1/tariffs")
@PreAuthorize("hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')")
class TariffController {

    record NewVersion(@NotNull @Valid Tariff tariff, @NotBlank @Size(min = 5, max = 500) String reason) {
    }

    record Quote(@NotNull LocalDate day, @NotNull Map<String, @NotNull @DecimalMin("0") BigDecimal> unitsByZone,
                 @NotNull @DecimalMin("0") BigDecimal monthUnitsBefore, @NotNull @DecimalMin("0") BigDecimal sanctionedKw) {
    }

    private final JdbcTariffs tariffs;

    TariffController(JdbcTariffs tariffs) {
        this.tariffs = tariffs;
    }

    @GetMapping
    List<String> categories() {
        return tariffs.categories();
    }

    @GetMapping("/{category}")
    Tariff effective(@PathVariable String category,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        LocalDate day = on == null ? LocalDate.now(java.time.ZoneOffset.ofHoursMinutes(5, 30)) : on;
        return tariffs.effective(category, day).orElseThrow(() -> ApiProblem.notFound("category",
                "No tariff " + category + " in force on " + day));
    }

    @GetMapping("/{category}/versions")
    List<JdbcTariffs.Version> versions(@PathVariable String category) {
        return tariffs.history(category);
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING')")
    ResponseEntity<Tariff> add(@RequestBody NewVersion request, Principal user) {
        if (request == null || request.tariff() == null) {
            throw ApiProblem.badRequest("tariff", "tariff is required");
        }
        if (request.reason() == null || request.reason().strip().length() < 5) {
            throw ApiProblem.badRequest("reason", "reason is required (at least 5 characters): the order or circular");
        }
        tariffs.publish(request.tariff(), user.getName(), request.reason());
        return ResponseEntity.status(201).body(request.tariff());
    }

    @PostMapping("/{category}/quote")
    DailyCharge quote(@PathVariable String category, @Valid @RequestBody Quote quote) {
        Tariff tariff = tariffs.effective(category, quote.day()).orElseThrow(() -> ApiProblem.notFound("category",
                "No tariff " + category + " in force on " + quote.day()));
        try {
            return Charging.daily(tariff, quote.day(), quote.unitsByZone(), quote.monthUnitsBefore(), quote.sanctionedKw());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("unitsByZone", e.getMessage());
        }
    }
}
