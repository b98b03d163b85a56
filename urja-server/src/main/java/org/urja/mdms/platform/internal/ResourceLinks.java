package org.urja.mdms.platform.internal;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links in pages are written as they are: Thymeleaf's resource-URL encoding filter (registered by Spring Boot because
 * the webjars resource chain is on) looked every {@code @{…}} link up in the jar's static folders on every page view,
 * and a link that is no static file (any page link) was never cached, so it was looked up again each time — about a
 * third of the server's CPU per consumer-portal page in {@code bench/run portal}. No content-version strategy is
 * configured, so the filter rewrote nothing but the version-agnostic webjar paths, which the resource handler serves
 * as they are anyway.
 */
@Configuration(proxyBeanMethods = false)
class ResourceLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> off = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        off.setEnabled(false);
        return off;
    }
}
