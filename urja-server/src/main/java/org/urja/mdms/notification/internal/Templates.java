package org.urja.mdms.notification.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Message templates, one file per template and language ({@code notifications/RECHARGE_RECEIVED.hi.txt}): a first line
 * {@code Subject: …} (used by email), optionally a line {@code Secret: true} (the message carries a one-time code or a
 * password: staff never see its text, and it is wiped once sent), and the body; {@code {{name}}} placeholders. An
 * administrator's edited subject and body ({@code notification_template}) take the file's place at once; whether a
 * template is secret stays as shipped. A missing template, language or parameter is refused before anything is
 * queued.
 */
@Component
class Templates {

    static final Set<String> LANGUAGES = Set.of("en", "hi");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
    static final Pattern NAME = Pattern.compile("[A-Z_]{2,40}");
    private static final Pattern FILE = Pattern.compile("([A-Z_]{2,40})\\.([a-z]{2})\\.txt");
    private static volatile Map<String, Set<String>> shipped;

    record Rendered(String subject, String body, boolean secret) {
    }

    /** A template's text: subject (may be null) and body with placeholders; secret as shipped (see above). */
    record Text(String subject, String body, boolean secret) {

        Text(String subject, String body) {
            this(subject, body, false);
        }

        /** The same subject and body (what an administrator edits). */
        boolean sameText(Text o) {
            return java.util.Objects.equals(subject, o.subject) && body.equals(o.body);
        }
    }

    private final Map<String, Text> packaged = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;

    Templates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Rendered render(String template, String language, Map<String, String> params) {
        Text text = text(template, language);
        return new Rendered(text.subject() == null ? null : fill(text.subject(), params), fill(text.body(), params),
                packaged(template, language).secret());
    }

    /** The text in use: the administrator's edit if there is one, else the packaged file. */
    Text text(String template, String language) {
        check(template, language);
        return edited(template, language).orElseGet(() -> packaged(template, language));
    }

    Optional<Text> edited(String template, String language) {
        return jdbc.sql("SELECT subject, body FROM notification_template WHERE template = ? AND language = ?")
                .params(template, language).query((rs, i) -> new Text(rs.getString(1), rs.getString(2))).optional();
    }

    /** The text shipped with the server (resources/notifications). */
    Text packaged(String template, String language) {
        check(template, language);
        return packaged.computeIfAbsent(template + "." + language, Templates::load);
    }

    /** Every template shipped with the server, as NAME → its languages (read from the class path once). */
    static Map<String, Set<String>> shipped() {
        Map<String, Set<String>> out = shipped;
        if (out == null) {
            out = new java.util.TreeMap<>();
            try {
                for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:notifications/*.txt")) {
                    Matcher m = FILE.matcher(r.getFilename() == null ? "" : r.getFilename());
                    if (m.matches() && LANGUAGES.contains(m.group(2))) {
                        out.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shipped = out;
        }
        return out;
    }

    /** The placeholders a text uses. */
    static Set<String> placeholders(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text == null ? "" : text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String fill(String text, Map<String, String> params) {
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

    private static void check(String template, String language) {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES);
        }
        if (template == null || !NAME.matcher(template).matches()) {
            throw new IllegalArgumentException("unknown template " + template);
        }
    }

    private static Text load(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/notifications/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("unknown template " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String subject = null;
            if (text.startsWith("Subject: ")) {
                int nl = text.indexOf('\n');
                subject = text.substring("Subject: ".length(), nl).strip();
                text = text.substring(nl + 1);
            }
            boolean secret = text.startsWith("Secret: true\n");
            if (secret) {
                text = text.substring("Secret: true\n".length());
            }
            return new Text(subject, text.strip(), secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
