package org.urja.mdms.notification.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ApiProblem;

/**
 * Administrators edit the notification templates: per template and language, a subject (email) and a body (SMS and
 * email) whose placeholders must be ones the template is given; a preview fills them with sample values and tells how
 * many SMS parts the text takes. Saving replaces the packaged text at once (the next message uses it); reset goes back
 * to it. Each change is audited with the old and the new text.
 */
@Service
class TemplateAdministration {

    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY = 1000;

    /** What every consumer notice is given besides its own parameters (see JdbcConsumerNotifications). */
    static final Set<String> COMMON = Set.of("name", "consumerNo", "utility");

    record Summary(String template, String language, boolean edited, String updatedBy, OffsetDateTime updatedAt) {
    }

    /** A rendered preview: the text as a consumer would get it, and its SMS length. */
    record Preview(String subject, String body, SmsLength sms) {
    }

    /**
     * How an SMS of this text is sent: GSM 7-bit (160 characters, 153 per part when longer) or, with any other
     * character (Hindi), UCS-2 (70, 67 per part).
     */
    record SmsLength(String encoding, int characters, int parts, int perPart) {

        static final String GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        static final String GSM_EXTENSION = "^{}\\[~]|€";

        static SmsLength of(String text) {
            int septets = 0;
            boolean gsm = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (GSM.indexOf(c) >= 0) {
                    septets++;
                } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                    septets += 2;
                } else {
                    gsm = false;
                    break;
                }
            }
            if (gsm) {
                return new SmsLength("GSM-7", septets, septets <= 160 ? 1 : (septets + 152) / 153, septets <= 160 ? 160 : 153);
            }
            int units = text.length();
            return new SmsLength("UCS-2", units, units <= 70 ? 1 : (units + 66) / 67, units <= 70 ? 70 : 67);
        }
    }

    private final Templates templates;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final String utility;

    TemplateAdministration(Templates templates, JdbcClient jdbc, AuditTrail audit, Clock clock,
                           @Value("${urja.notification.utility-name:Urja}") String utility) {
        this.templates = templates;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.utility = utility;
    }

    /** Every template and language, and whether an administrator changed it. */
    List<Summary> list() {
        Map<String, Summary> edited = new HashMap<>();
        jdbc.sql("SELECT template, language, updated_by, updated_at FROM notification_template").query(rs -> {
            edited.put(rs.getString(1) + "." + rs.getString(2), new Summary(rs.getString(1), rs.getString(2), true,
                    rs.getString(3), rs.getObject(4, OffsetDateTime.class)));
        });
        List<Summary> out = new ArrayList<>();
        Templates.shipped().forEach((t, languages) -> languages.forEach(l ->
                out.add(edited.getOrDefault(t + "." + l, new Summary(t, l, false, null, null)))));
        return out;
    }

    /** The template must exist (as shipped) in this language. */
    void requireKnown(String template, String language) {
        if (!Templates.LANGUAGES.contains(language)) {
            throw ApiProblem.notFound("language", "language must be one of " + new TreeSet<>(Templates.LANGUAGES));
        }
        if (template == null || !Templates.shipped().getOrDefault(template, Set.of()).contains(language)) {
            throw ApiProblem.notFound("template", "No notification template " + template + " in " + language);
        }
    }

    /** The placeholders the template is given: those of its packaged texts (any language) and the common ones. */
    Set<String> allowed(String template) {
        Set<String> out = new TreeSet<>(COMMON);
        for (String l : Templates.shipped().getOrDefault(template, Set.of())) {
            Templates.Text t = templates.packaged(template, l);
            out.addAll(Templates.placeholders(t.subject()));
            out.addAll(Templates.placeholders(t.body()));
        }
        return out;
    }

    /** Sample values for every allowed placeholder, as the preview shows them. */
    Map<String, String> samples(String template) {
        Map<String, String> s = new HashMap<>();
        for (String p : allowed(template)) {
            s.put(p, switch (p) {
                case "name" -> "Asha Devi";
                case "consumerNo" -> "100000001";
                case "utility" -> utility;
                case "amount" -> "500.00";
                case "balance" -> "42.50";
                case "time" -> "29-11-2026 10:30";
                case "reason" -> "arrears";
                case "reference" -> "UPI-0042";
                case "bill" -> "B-2026-11-000123";
                case "receipt" -> "R-2026-000017";
                case "transaction" -> "TXN-88451";
                default -> "[" + p + "]";
            });
        }
        return s;
    }

    /** Checks a text (400 naming subject or body) and renders it with sample values. */
    Preview preview(String template, String language, String subject, String body) {
        requireKnown(template, language);
        Templates.Text t = validate(template, subject, body);
        Map<String, String> samples = samples(template);
        String b = Templates.fill(t.body(), samples);
        return new Preview(t.subject() == null ? null : Templates.fill(t.subject(), samples), b, SmsLength.of(b));
    }

    @Transactional
    boolean save(String template, String language, String subject, String body, String by) {
        requireKnown(template, language);
        Templates.Text next = validate(template, subject, body);
        Templates.Text old = templates.text(template, language);
        if (old.sameText(next)) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO notification_template (template, language, subject, body, updated_by, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (template, language) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
                            updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")
                .params(template, language, next.subject(), next.body(), by,
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        audit.record(by, AuditTrail.ADMIN + "TEMPLATE SAVED", "template " + template + "." + language, "OK",
                AuditTrail.change(describe(old), describe(next)), null);
        return true;
    }

    /** Back to the packaged text. */
    @Transactional
    boolean reset(String template, String language, String by) {
        requireKnown(template, language);
        Templates.Text old = templates.edited(template, language).orElse(null);
        if (old == null) {
            return false;
        }
        jdbc.sql("DELETE FROM notification_template WHERE template = ? AND language = ?").params(template, language)
                .update();
        audit.record(by, AuditTrail.ADMIN + "TEMPLATE RESET", "template " + template + "." + language, "OK",
                AuditTrail.change(describe(old), describe(templates.packaged(template, language))), null);
        return true;
    }

    private Templates.Text validate(String template, String subject, String body) {
        List<ApiProblem.FieldIssue> issues = new ArrayList<>();
        String s = subject == null || subject.isBlank() ? null : subject.strip();
        String b = body == null ? "" : body.strip().replace("\r\n", "\n");
        if (s != null && (s.length() > MAX_SUBJECT || s.contains("\n"))) {
            issues.add(ApiProblem.FieldIssue.of("subject", "one line of at most " + MAX_SUBJECT + " characters"));
        }
        if (b.isEmpty()) {
            issues.add(ApiProblem.FieldIssue.of("body", "is required: the message text"));
        } else if (b.length() > MAX_BODY) {
            issues.add(ApiProblem.FieldIssue.of("body", "at most " + MAX_BODY + " characters"));
        }
        Set<String> allowed = allowed(template);
        placeholderIssues("subject", s, allowed, issues);
        placeholderIssues("body", b, allowed, issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest("The template is not valid; nothing was saved", issues);
        }
        return new Templates.Text(s, b);
    }

    private static void placeholderIssues(String field, String text, Set<String> allowed,
                                          List<ApiProblem.FieldIssue> issues) {
        if (text == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>(Templates.placeholders(text));
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            issues.add(ApiProblem.FieldIssue.of(field, "unknown placeholder " + unknown.stream().map(u -> "{{" + u + "}}")
                    .toList() + "; this template has " + allowed.stream().map(u -> "{{" + u + "}}").toList()));
            return;
        }
        String rest = Templates.PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            issues.add(ApiProblem.FieldIssue.of(field, "a placeholder is malformed: write {{name}} with letters only"));
        }
    }

    private static String describe(Templates.Text t) {
        return (t.subject() == null ? "" : "Subject: " + t.subject() + " | ") + t.body();
    }
}
