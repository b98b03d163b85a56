package org.urja.mdms.platform.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at /v3/api-docs (UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI urjaOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Urja MDMS API").version("v1")
                        .description("Meter data management for electricity distribution utilities. Staff call /api/v1 "
                                + "with HTTP Basic; the HES calls /api/v1/hes with its API key. Errors are RFC 9457 "
                                + "problem+json with an 'errors' array naming each offending field.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("staff", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("hes", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Urja-Api-Key")))
                .addSecurityItem(new SecurityRequirement().addList("staff"));
    }
}
