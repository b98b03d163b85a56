package org.urja.mdms.access.internal;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffRole;

/** Administrators manage staff users over the API. */
@RestController
@RequestMapping("/api/v1/staff/users")
@PreAuthorize("hasRole('ADMIN')")
class StaffUserAdministration {

    record NewStaffUser(@NotBlank @Pattern(regexp = "[a-z0-9._-]{3,64}") String username,
                        @NotBlank @Size(max = 200) String displayName,
                        @NotBlank @Size(min = AccountController.MIN_LENGTH, max = 200) String initialPassword,
                        @NotEmpty Set<StaffRole> roles) {
    }

    record StaffUserView(String username, String displayName, List<StaffRole> roles, boolean enabled, boolean locked,
                         boolean mustChangePassword) {
    }

    private final StaffUsers users;
    private final PasswordEncoder encoder;

    StaffUserAdministration(StaffUsers users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    @GetMapping
    List<StaffUserView> list() {
        return users.all().stream().map(StaffUserAdministration::view).toList();
    }

    @PostMapping
    ResponseEntity<StaffUserView> create(@Valid @RequestBody NewStaffUser request) {
        if (!users.create(request.username(), request.displayName(), encoder.encode(request.initialPassword()),
                List.copyOf(request.roles()), true)) {
            throw ApiProblem.conflict("username", "Staff user " + request.username() + " already exists");
        }
        return ResponseEntity.status(201).body(view(users.find(request.username()).orElseThrow()));
    }

    @PostMapping("/{username}/unlock")
    StaffUserView unlock(@PathVariable String username) {
        users.find(username).orElseThrow(() -> ApiProblem.notFound("username", "No staff user " + username));
        users.unlock(username);
        return view(users.find(username).orElseThrow());
    }

    static StaffUserView view(StaffUsers.StaffUser u) {
        boolean locked = u.lockedUntil() != null && u.lockedUntil().isAfter(java.time.OffsetDateTime.now());
        return new StaffUserView(u.username(), u.displayName(), u.roles(), u.enabled(), locked, u.mustChangePassword());
    }
}
