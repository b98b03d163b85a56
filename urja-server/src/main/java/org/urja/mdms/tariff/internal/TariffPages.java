package org.urja.mdms.tariff.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.FormErrors;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.tariff.Tariffs;

/**
 * Tariffs in the staff portal: every category with its versions (in force, future, superseded) and each version's
 * content ({@code /tariffs}, for the roles that read tariffs); ADMIN creates a new version effective from a future date
 * ({@code /admin/tariffs/new}, under the portal's ADMIN-only {@code /admin/**}) — slabs, ToD zones, levies, subsidy, fixed charge — prefilled from the version in force, published
 * through {@link Tariffs#publish} (audited). A version already in force is never edited: a new one takes over from its
 * date. Every invalid field is shown beside it and nothing is stored.
 */
@Controller
class TariffPages {

    static final String READERS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')";
    static final String EDITORS = "hasRole('ADMIN')";
    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    static final Pattern CATEGORY = Pattern.compile("[A-Z][A-Z0-9_-]{0,19}");
    /** The field an error message of {@link Tariff}'s checks starts with, e.g. {@code slabs[1]: …}. */
    private static final Pattern FIELD = Pattern.compile(
            "^(slabs\\[\\d+]|todZones|fixedPaisePerKwMonth|levies|subsidy|minimumDemandPercent|excessDemandPercent"
                    + "|latePaymentSurchargePercent)");

    /** One version as listed: its content, who added it, and whether it is in force now. */
    record VersionRow(Tariff tariff, String createdBy, java.time.Instant createdAt, String reason, String status) {
    }

    private final JdbcTariffs tariffs;
    private final Clock clock;

    TariffPages(JdbcTariffs tariffs, Clock clock) {
        this.tariffs = tariffs;
        this.clock = clock;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(IST));
    }

    @GetMapping("/tariffs")
    @PreAuthorize(READERS)
    String list(Authentication user, Model model) {
        LocalDate today = today();
        Map<String, List<VersionRow>> categories = new LinkedHashMap<>();
        for (String c : tariffs.categories()) {
            List<Tariff> versions = tariffs.versions(c);
            List<JdbcTariffs.Version> meta = tariffs.history(c);
            LocalDate inForce = versions.stream().map(Tariff::effectiveFrom).filter(d -> !d.isAfter(today))
                    .max(LocalDate::compareTo).orElse(null);
            List<VersionRow> rows = new ArrayList<>();
            for (int i = versions.size() - 1; i >= 0; i--) {
                Tariff t = versions.get(i);
                JdbcTariffs.Version m = meta.get(i);
                String status = t.effectiveFrom().isAfter(today) ? "future"
                        : t.effectiveFrom().equals(inForce) ? "in force" : "superseded";
                rows.add(new VersionRow(t, m.createdBy(), m.createdAt(), m.reason(), status));
            }
            categories.put(c, rows);
        }
        model.addAttribute("categories", categories);
        model.addAttribute("canEdit", canEdit(user));
        model.addAttribute("today", today);
        return "tariff/tariffs";
    }

    @GetMapping("/tariffs/{category}/{effectiveFrom}")
    @PreAuthorize(READERS)
    String version(@PathVariable String category, @PathVariable LocalDate effectiveFrom, Authentication user,
                   Model model) {
        Tariff t = tariffs.versions(category).stream().filter(v -> v.effectiveFrom().equals(effectiveFrom)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("effectiveFrom", "No version of tariff " + category
                        + " effective " + effectiveFrom));
        model.addAttribute("tariff", t);
        model.addAttribute("canEdit", canEdit(user));
        model.addAttribute("future", t.effectiveFrom().isAfter(today()));
        return "tariff/version";
    }

    /** The form for a new version, prefilled from the category's version in force (or its latest). */
    @GetMapping("/admin/tariffs/new")
    @PreAuthorize(EDITORS)
    String form(@RequestParam(required = false) String category, Model model) {
        Map<String, String> values = new LinkedHashMap<>();
        Tariff base = null;
        if (category != null && !category.isBlank()) {
            base = tariffs.effective(category, today()).orElseGet(() -> {
                List<Tariff> all = tariffs.versions(category);
                return all.isEmpty() ? null : all.get(all.size() - 1);
            });
            values.put("category", category);
        }
        if (base != null) {
            values.putAll(TariffForm.values(base));
        }
        values.put("effectiveFrom", today().plusDays(1).toString());
        formModel(values, Map.of(), base, model);
        return "tariff/new";
    }

    @PostMapping("/admin/tariffs")
    @PreAuthorize(EDITORS)
    String create(@RequestParam MultiValueMap<String, String> posted, Principal user, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        Map<String, String> values = new LinkedHashMap<>();
        posted.forEach((k, v) -> {
            if (!k.equals("_csrf") && !v.isEmpty()) {
                values.put(k, v.get(0) == null ? "" : v.get(0).strip());
            }
        });
        TariffForm form = new TariffForm(values);
        String category = form.text("category");
        if (category == null || !CATEGORY.matcher(category).matches()) {
            form.error("category", "is required: capital letters, digits, - or _ (at most 20), e.g. DOM");
        }
        LocalDate from = form.date("effectiveFrom");
        if (from != null && !from.isAfter(today())) {
            form.error("effectiveFrom", "must be after today (" + today() + "): a version in force is never changed, "
                    + "a new one takes over from a future date");
        }
        String reason = form.text("reason");
        if (reason == null || reason.length() < 5 || reason.length() > 500) {
            form.error("reason", "is required (5 to 500 characters): the commission's order or circular");
        }
        Tariff tariff = form.tariff(category, from);
        if (form.errors().isEmpty()) {
            try {
                tariffs.publish(tariff, user.getName(), reason);
                redirect.addFlashAttribute("saved", "Tariff " + category + " from " + from + " added.");
                return "redirect:/tariffs#tariff-" + category;
            } catch (ApiProblem problem) {
                new FormErrors().add(problem).fields().forEach(form::error);
            }
        }
        formModel(values, form.errors(), null, model);
        response.setStatus(422);
        return "tariff/new";
    }

    private void formModel(Map<String, String> values, Map<String, String> errors, Tariff base, Model model) {
        int slabs = Math.max(5, count(values, "slabs") + 2);
        int zones = Math.max(3, count(values, "todZones") + 1);
        int levies = Math.max(3, count(values, "levies") + 1);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("base", base);
        model.addAttribute("slabRows", rows(slabs));
        model.addAttribute("zoneRows", rows(zones));
        model.addAttribute("levyRows", rows(levies));
        model.addAttribute("levyBases", Tariff.LevyBase.values());
        model.addAttribute("billingUnits", Tariff.BillingUnit.values());
        model.addAttribute("demandBases", Tariff.DemandBasis.values());
        model.addAttribute("categories", tariffs.categories());
    }

    private static List<Integer> rows(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private static int count(Map<String, String> values, String list) {
        int n = 0;
        for (String k : values.keySet()) {
            Matcher m = Pattern.compile("^" + list + "\\[(\\d+)]").matcher(k);
            if (m.find() && !values.get(k).isBlank()) {
                n = Math.max(n, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return n;
    }

    private static boolean canEdit(Authentication user) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
    }

    /**
     * The posted form: fields named as the tariff's JSON ({@code slabs[0].uptoUnits}, {@code todZones[1].from}, …),
     * parsed field by field so that every error names its field; rows left blank are skipped.
     */
    static final class TariffForm {

        private final Map<String, String> values;
        private final Map<String, String> errors = new LinkedHashMap<>();

        TariffForm(Map<String, String> values) {
            this.values = values;
        }

        static Map<String, String> values(Tariff t) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("fixedPaisePerKwMonth", t.fixedPaisePerKwMonth().toPlainString());
            v.put("billingUnit", t.billingUnit().name());
            v.put("fixedChargeBasis", t.fixedChargeBasis().name());
            v.put("minimumDemandPercent", t.minimumDemandPercent().toPlainString());
            v.put("excessDemandPercent", t.excessDemandPercent().toPlainString());
            v.put("latePaymentSurchargePercent", t.latePaymentSurchargePercent() == null ? ""
                    : t.latePaymentSurchargePercent().toPlainString());
            for (int i = 0; i < t.slabs().size(); i++) {
                Tariff.Slab s = t.slabs().get(i);
                v.put("slabs[" + i + "].uptoUnits", s.uptoUnits() == null ? "" : s.uptoUnits().toPlainString());
                v.put("slabs[" + i + "].paisePerUnit", s.paisePerUnit().toPlainString());
            }
            for (int i = 0; i < t.todZones().size(); i++) {
                Tariff.TodZone z = t.todZones().get(i);
                v.put("todZones[" + i + "].name", z.name());
                v.put("todZones[" + i + "].from", z.from().toString());
                v.put("todZones[" + i + "].to", z.to().toString());
                v.put("todZones[" + i + "].percent", z.percent().toPlainString());
            }
            for (int i = 0; i < t.levies().size(); i++) {
                Tariff.Levy l = t.levies().get(i);
                v.put("levies[" + i + "].name", l.name());
                v.put("levies[" + i + "].percent", l.percent().toPlainString());
                v.put("levies[" + i + "].base", l.base().name());
            }
            if (t.subsidy() != null) {
                v.put("subsidy.name", t.subsidy().name());
                v.put("subsidy.uptoUnits", t.subsidy().uptoUnits().toPlainString());
                v.put("subsidy.paisePerUnit", t.subsidy().paisePerUnit().toPlainString());
            }
            return v;
        }

        Map<String, String> errors() {
            return errors;
        }

        void error(String field, String message) {
            errors.putIfAbsent(field, message);
        }

        String text(String field) {
            String v = values.get(field);
            return v == null || v.isBlank() ? null : v.strip();
        }

        LocalDate date(String field) {
            return parsed(field, LocalDate::parse, "a date (yyyy-mm-dd)");
        }

        /** A number ≥ 0 (or any sign when {@code signed}); null when blank (and an error when required). */
        BigDecimal number(String field, boolean required, boolean signed) {
            String v = text(field);
            if (v == null) {
                if (required) {
                    error(field, "is required");
                }
                return null;
            }
            try {
                BigDecimal n = new BigDecimal(v);
                if (!signed && n.signum() < 0) {
                    error(field, "must be zero or more");
                    return null;
                }
                return n;
            } catch (NumberFormatException e) {
                error(field, "not a number: " + v);
                return null;
            }
        }

        LocalTime time(String field) {
            return parsed(field, LocalTime::parse, "a time of day (HH:mm)");
        }

        /** The field parsed, or null with its error recorded (required, or not {@code what}). */
        private <T> T parsed(String field, java.util.function.Function<String, T> parser, String what) {
            String v = text(field);
            if (v == null) {
                error(field, "is required: " + what);
                return null;
            }
            try {
                return parser.apply(v);
            } catch (DateTimeParseException e) {
                error(field, "not " + what + ": " + v);
                return null;
            }
        }

        /** One of an enum's values ({@code dflt} when blank), or null with the field's error. */
        private <E extends Enum<E>> E choice(String field, Class<E> type, E dflt) {
            String v = text(field);
            if (v == null) {
                return dflt;
            }
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                error(field, "choose one of " + java.util.Arrays.toString(type.getEnumConstants()));
                return null;
            }
        }

        private boolean blankRow(String prefix, String... fields) {
            for (String f : fields) {
                if (text(prefix + "." + f) != null) {
                    return false;
                }
            }
            return true;
        }

        private List<Integer> indexes(String list) {
            List<Integer> out = new ArrayList<>();
            for (String k : values.keySet()) {
                Matcher m = Pattern.compile("^" + Pattern.quote(list) + "\\[(\\d{1,2})]\\.").matcher(k);
                if (m.find() && !out.contains(Integer.parseInt(m.group(1)))) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            }
            out.sort(Integer::compareTo);
            return out;
        }

        /** The tariff as posted, or null with the errors recorded. */
        Tariff tariff(String category, LocalDate from) {
            BigDecimal fixed = number("fixedPaisePerKwMonth", true, false);
            Tariff.BillingUnit unit = choice("billingUnit", Tariff.BillingUnit.class, Tariff.BillingUnit.KWH);
            Tariff.DemandBasis basis = choice("fixedChargeBasis", Tariff.DemandBasis.class,
                    Tariff.DemandBasis.SANCTIONED_LOAD);
            BigDecimal minimumDemand = number("minimumDemandPercent", false, false);
            BigDecimal excessDemand = number("excessDemandPercent", false, false);
            BigDecimal lateSurcharge = number("latePaymentSurchargePercent", false, false);
            List<Tariff.Slab> slabs = new ArrayList<>();
            List<String> slabFields = new ArrayList<>();
            for (int i : indexes("slabs")) {
                String p = "slabs[" + i + "]";
                if (blankRow(p, "uptoUnits", "paisePerUnit")) {
                    continue;
                }
                BigDecimal upto = number(p + ".uptoUnits", false, false);
                BigDecimal rate = number(p + ".paisePerUnit", true, false);
                if (rate != null) {
                    slabs.add(new Tariff.Slab(upto, rate));
                    slabFields.add(p);
                }
            }
            if (slabs.isEmpty() && !errors.keySet().stream().anyMatch(k -> k.startsWith("slabs"))) {
                error("slabs[0].paisePerUnit", "at least one slab is needed");
            }
            List<Tariff.TodZone> zones = new ArrayList<>();
            for (int i : indexes("todZones")) {
                String p = "todZones[" + i + "]";
                if (blankRow(p, "name", "from", "to", "percent")) {
                    continue;
                }
                String name = text(p + ".name");
                if (name == null) {
                    error(p + ".name", "is required for a zone");
                }
                LocalTime f = time(p + ".from");
                LocalTime t = time(p + ".to");
                BigDecimal pct = number(p + ".percent", true, true);
                if (f != null && t != null && f.equals(t)) {
                    error(p + ".to", "must differ from the start");
                } else if (name != null && f != null && t != null && pct != null) {
                    zones.add(new Tariff.TodZone(name, f, t, pct));
                }
            }
            List<Tariff.Levy> levies = new ArrayList<>();
            for (int i : indexes("levies")) {
                String p = "levies[" + i + "]";
                if (blankRow(p, "name", "percent")) {
                    continue;
                }
                String name = text(p + ".name");
                if (name == null) {
                    error(p + ".name", "is required for a levy");
                }
                BigDecimal pct = number(p + ".percent", true, false);
                Tariff.LevyBase base;
                try {
                    base = Tariff.LevyBase.valueOf(text(p + ".base") == null ? "ENERGY" : text(p + ".base"));
                } catch (IllegalArgumentException e) {
                    error(p + ".base", "choose ENERGY or ENERGY_AND_FIXED");
                    base = null;
                }
                if (name != null && pct != null && base != null) {
                    levies.add(new Tariff.Levy(name, pct, base));
                }
            }
            Tariff.Subsidy subsidy = null;
            if (!blankRow("subsidy", "name", "uptoUnits", "paisePerUnit")) {
                String name = text("subsidy.name");
                if (name == null) {
                    error("subsidy.name", "is required for a subsidy");
                }
                BigDecimal upto = number("subsidy.uptoUnits", true, false);
                BigDecimal rate = number("subsidy.paisePerUnit", true, false);
                if (name != null && upto != null && rate != null) {
                    subsidy = new Tariff.Subsidy(name, upto, rate);
                }
            }
            if (!errors.isEmpty() || category == null || from == null) {
                return null;
            }
            try {
                return new Tariff(category, from, fixed, slabs, zones, levies, subsidy, unit, basis, minimumDemand,
                        excessDemand, lateSurcharge);
            } catch (IllegalArgumentException e) {
                error(field(e.getMessage(), slabFields), e.getMessage());
                return null;
            }
        }

        /** The form field a check of {@link Tariff} names: slabs[i] is the i-th slab kept, i.e. a posted row. */
        private static String field(String message, List<String> slabFields) {
            Matcher m = FIELD.matcher(message == null ? "" : message);
            if (!m.find()) {
                return "tariff";
            }
            String f = m.group(1);
            Matcher slab = Pattern.compile("slabs\\[(\\d+)]").matcher(f);
            if (slab.matches()) {
                int i = Integer.parseInt(slab.group(1));
                return (i < slabFields.size() ? slabFields.get(i) : f) + ".uptoUnits";
            }
            return f;
        }
    }

    @Bean
    static StaffFunction tariffsFunction() {
        return new StaffFunction("Administration", "Tariffs", "/tariffs",
                "Tariff categories and versions; a new version from a future date (slabs, ToD, levies, subsidy)",
                EnumSet.of(StaffRole.ADMIN, StaffRole.BILLING), 22);
    }
}
