/**
 * Firmware and configuration of meters (UC8): firmware images stored with their SHA-256 and the make and meter models
 * they are for, fetched by the HES from the MDM; firmware campaigns that upgrade meters wave by wave (a pilot first)
 * through the command module and halt when a wave's failures exceed a threshold; configuration profiles (load limit,
 * demand integration and profile capture periods, event priorities) applied as commands and verified by reading the
 * values back from the meters.
 *
 * <p>No published API: staff use it over HTTP ({@code /api/v1/firmware-images}, {@code /api/v1/firmware-campaigns},
 * {@code /api/v1/configuration-profiles}) and in the portal ({@code /firmware}, {@code /configuration}); it acts through {@link org.urja.mdms.command.Commands} and
 * {@link org.urja.mdms.hes.HesClient} and follows {@link org.urja.mdms.command.CommandCompleted} and
 * {@link org.urja.mdms.hes.ReadRequestCompleted}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Firmware and configuration")
package org.urja.mdms.firmware;
