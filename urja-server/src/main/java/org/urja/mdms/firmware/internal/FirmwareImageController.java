package org.urja.mdms.firmware.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.urja.mdms.platform.ApiProblem;

/**
 * Firmware images over HTTP (UC8.1): an administrator uploads one as {@code multipart/form-data} (part {@code file},
 * fields {@code make}, {@code version}, {@code models} — comma-separated or repeated —, {@code sha256},
 * {@code notes}); every staff role may list them. The bytes go only to the HES ({@link HesFirmwareController}).
 */
@RestController
@RequestMapping("/api/v1/firmware-images")
@Validated
class FirmwareImageController {

    static final String READERS = "hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')";

    private final FirmwareImages images;

    FirmwareImageController(FirmwareImages images) {
        this.images = images;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<FirmwareImages.Image> upload(@RequestPart(name = "file", required = false) MultipartFile file,
                                                @RequestParam(required = false) String make,
                                                @RequestParam(required = false) String version,
                                                @RequestParam(required = false) List<String> models,
                                                @RequestParam(required = false) String sha256,
                                                @RequestParam(required = false) String notes, Principal staff) {
        List<String> targets = new ArrayList<>();
        if (models != null) {
            models.forEach(m -> targets.addAll(List.of(m.split(","))));
        }
        byte[] content;
        try {
            content = file == null ? null : file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FirmwareImages.Image image = images.upload(make, version, models == null ? null : targets, sha256, content,
                notes, staff.getName());
        return ResponseEntity.created(URI.create("/api/v1/firmware-images/" + image.id())).body(image);
    }

    @GetMapping
    @PreAuthorize(READERS)
    List<FirmwareImages.Image> list(@RequestParam(required = false) String make,
                                    @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return images.list(make, limit);
    }

    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    FirmwareImages.Image image(@PathVariable long id) {
        return images.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No firmware image " + id));
    }
}
