package org.urja.mdms;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Fails on a dependency cycle between modules or a reach into another module's internals. */
class ModularityTests {

    @Test
    void verifiesModuleStructure() {
        ApplicationModules modules = ApplicationModules.of(UrjaApplication.class);
        modules.verify();
    }
}
