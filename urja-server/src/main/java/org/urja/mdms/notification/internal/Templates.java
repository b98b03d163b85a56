package org.urja.mdms.notification.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Message templates, one file per template and language ({@code notifications/RECHARGE_RECEIVED.hi.txt}): a first line
 * {@code Subject: …} (used by email), optionally a line {@code Secret: true} (the message carries a one-time code or a
 * password: staff never see its text, and it is wiped once sent), and the body; {@code {{name}}} placeholders. A missing
 * template, language or parameter is refused before anything is queued.
 */
@Component
class Templates {

    static final Set<String> LANGUAGES = Set.of("en", "hi");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    record Rendered(String subject, String body, boolean secret) {
    }

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    Rendered render(String template, String language, Map<String, String> params) {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES);
        }
        if (!template.matches("[A-Z_]{2,40}")) {
            throw new IllegalArgumentException("unknown template " + template);
        }
        String text = cache.computeIfAbsent(template + "." + language, Templates::load);
        String subject = null;
        String body = text;
        if (text.startsWith("Subject: ")) {
            int nl = text.indexOf('\n');
            subject = text.substring("Subject: ".length(), nl).strip();
            body = text.substring(nl + 1);
        }
        boolean secret = body.startsWith("Secret: true\n");
        if (secret) {
            body = body.substring("Secret: true\n".length());
        }
        return new Rendered(subject == null ? null : fill(subject, params), fill(body.strip(), params), secret);
    }

    private static String fill(String text, Map<String, String> params) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = params.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("missing parameter " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String load(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/notifications/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("unknown template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
