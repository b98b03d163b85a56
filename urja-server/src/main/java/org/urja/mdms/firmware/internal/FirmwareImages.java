package org.urja.mdms.firmware.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * Firmware images (UC8.1): uploaded by an administrator with the vendor's SHA-256, which must match the bytes, for one
 * make and the meter models it names; one image per make and version. The HES fetches the bytes by
 * {@link #downloadPath}. A meter's model is its category as the asset master records it (SINGLE_PHASE_WC,
 * THREE_PHASE_WC, LT_CT, HT_CT): the registry holds make and category, not vendors' model names.
 */
@Service
class FirmwareImages {

    /** An image without its bytes. */
    record Image(long id, String make, String version, List<String> models, String sha256, int sizeBytes,
                 String notes, String uploadedBy, Instant uploadedAt, String downloadPath) {

        boolean targets(String meterMake, String meterModel) {
            return make.equalsIgnoreCase(meterMake) && models.contains(meterModel);
        }
    }

    private static final String VERSION = "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final long maxBytes;

    FirmwareImages(JdbcClient jdbc, AuditTrail audit,
                   @Value("${urja.firmware.max-image-size:16MB}") DataSize maxImageSize) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.maxBytes = maxImageSize.toBytes();
    }

    /** Stores an image after checking every field (400), its size (413) and checksum (422); a known make+version is a 409. */
    Image upload(String make, String version, List<String> models, String sha256, byte[] content, String notes,
                 String by) {
        List<FieldIssue> issues = new ArrayList<>();
        if (make == null || make.isBlank() || make.length() > 100) {
            issues.add(FieldIssue.of("make", "is required: the meter make (manufacturer) the image is for, at most 100 characters"));
        }
        if (version == null || !version.matches(VERSION)) {
            issues.add(FieldIssue.of("version", "is required: letters, digits and . _ + - (at most 64)"));
        }
        Set<String> targets = new LinkedHashSet<>();
        if (models == null || models.stream().allMatch(m -> m == null || m.isBlank())) {
            issues.add(FieldIssue.of("models", "is required: the meter models the image is for, e.g. SINGLE_PHASE_WC"));
        } else {
            for (int i = 0; i < models.size(); i++) {
                String m = models.get(i) == null ? "" : models.get(i).trim();
                if (Arrays.stream(MeterCategory.values()).noneMatch(c -> c.name().equals(m))) {
                    issues.add(FieldIssue.of("models[" + i + "]", "must be a meter model of the asset master: "
                            + Arrays.toString(MeterCategory.values())));
                } else {
                    targets.add(m);
                }
            }
        }
        if (sha256 == null || !sha256.trim().matches("[0-9a-fA-F]{64}")) {
            issues.add(FieldIssue.of("sha256", "is required: the vendor's SHA-256 of the image, 64 hex digits"));
        }
        if (notes != null && notes.length() > 1000) {
            issues.add(FieldIssue.of("notes", "must be at most 1000 characters"));
        }
        if (content == null || content.length == 0) {
            issues.add(FieldIssue.of("file", "is required: the image file"));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        if (content.length > maxBytes) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Image too large", "The image is " + content.length
                    + " bytes; at most " + maxBytes + " are accepted (urja.firmware.max-image-size)",
                    List.of(FieldIssue.of("file", "at most " + maxBytes + " bytes")));
        }
        String expected = sha256.trim().toLowerCase(Locale.ROOT);
        String actual = Digests.sha256(content);
        if (!actual.equals(expected)) {
            throw ApiProblem.invalid("sha256", "The SHA-256 of the uploaded bytes is " + actual + ", not the vendor's "
                    + expected + ": the file is damaged or not the image the vendor released");
        }
        if (byMakeAndVersion(make.trim(), version).isPresent()) {
            throw duplicate(make.trim(), version);
        }
        long id;
        try {
            id = jdbc.sql("""
                            INSERT INTO firmware_image (make, version, models, sha256, size_bytes, content, notes, uploaded_by)
                            VALUES (?, ?, ?::text[], ?, ?, ?, ?, ?) RETURNING id""")
                    .params(make.trim(), version, targets.toArray(String[]::new), actual, content.length, content,
                            notes == null || notes.isBlank() ? null : notes, by)
                    .query(Long.class).single();
        } catch (DuplicateKeyException sameImageMeanwhile) {
            throw duplicate(make.trim(), version);
        }
        audit.record(by, "FIRMWARE IMAGE UPLOAD", "image " + id + " (" + make.trim() + " " + version + ")", "STORED",
                "models " + targets + ", " + content.length + " bytes, sha256 " + actual, null);
        return find(id).orElseThrow();
    }

    private static ApiProblem duplicate(String make, String version) {
        return ApiProblem.conflict("version", "An image of " + make + " version " + version + " is already stored");
    }

    Optional<Image> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(FirmwareImages::image).optional();
    }

    Optional<Image> byMakeAndVersion(String make, String version) {
        return jdbc.sql(SELECT + " WHERE lower(make) = lower(?) AND version = ?").params(make, version)
                .query(FirmwareImages::image).optional();
    }

    /** Newest first, optionally of one make. */
    List<Image> list(String make, int limit) {
        return jdbc.sql(SELECT + " WHERE (CAST(? AS text) IS NULL OR lower(make) = lower(?)) ORDER BY id DESC LIMIT ?")
                .params(make, make, limit).query(FirmwareImages::image).list();
    }

    Optional<byte[]> content(long id) {
        return jdbc.sql("SELECT content FROM firmware_image WHERE id = ?").param(id).query(byte[].class).optional();
    }

    /** Where the HES GETs the image, under the MDM's HES base URL ({@code /api/v1/hes}). */
    static String downloadPath(long id) {
        return "/firmware-images/" + id + "/content";
    }

    private static final String SELECT = """
            SELECT id, make, version, models, sha256, size_bytes, notes, uploaded_by, uploaded_at FROM firmware_image""";

    private static Image image(ResultSet rs, int row) throws SQLException {
        Array models = rs.getArray(4);
        long id = rs.getLong(1);
        return new Image(id, rs.getString(2), rs.getString(3), List.of((String[]) models.getArray()), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                "/api/v1/hes" + downloadPath(id));
    }
}
