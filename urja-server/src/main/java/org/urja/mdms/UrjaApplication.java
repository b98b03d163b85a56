package org.urja.mdms;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

/**
 * Urja MDMS server. Each direct sub-package is a Spring Modulith application module named after what it holds
 * in the utility's language; {@code platform} is shared infrastructure every module may use.
 */
@SpringBootApplication
@Modulithic(sharedModules = "platform")
public class UrjaApplication {

    public static void main(String[] args) {
        SpringApplication.run(UrjaApplication.class, args);
    }
}
