package org.urja.mdms.firmware.internal;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;

/**
 * The HES fetches a firmware image it was told to install (a FIRMWARE_UPGRADE's {@code imagePath}), authenticated as
 * for every HES → MDM call (HMAC signature or API key, see docs/hes-contract.md rule 4). Headers repeat the SHA-256 and
 * the models, so a HES can check what it got before sending it to a meter.
 */
@RestController
@RequestMapping("/api/v1/hes/firmware-images")
@PreAuthorize("hasRole('HES')")
class HesFirmwareController {

    private final FirmwareImages images;

    HesFirmwareController(FirmwareImages images) {
        this.images = images;
    }

    @GetMapping("/{id}/content")
    ResponseEntity<byte[]> content(@PathVariable long id) {
        FirmwareImages.Image image = images.find(id)
                .orElseThrow(() -> ApiProblem.notFound("id", "No firmware image " + id));
        byte[] bytes = images.content(id).orElseThrow();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("X-Urja-Firmware-Sha256", image.sha256())
                .header("X-Urja-Firmware-Models", String.join(",", image.models()))
                .body(bytes);
    }
}
