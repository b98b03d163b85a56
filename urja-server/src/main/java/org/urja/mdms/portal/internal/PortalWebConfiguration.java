package org.urja.mdms.portal.internal;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * English and Hindi: the language comes from the {@code urja-lang} cookie (English without it), is switched with
 * {@code ?lang=hi} / {@code ?lang=en} on any portal page and remembered for a year; a signed-in consumer's choice is
 * also kept with their login, so messages sent to them later can use it.
 */
@Configuration(proxyBeanMethods = false)
class PortalWebConfiguration implements WebMvcConfigurer {

    static final Locale HINDI = Locale.forLanguageTag("hi");

    private final ConsumerLogins logins;

    PortalWebConfiguration(ConsumerLogins logins) {
        this.logins = logins;
    }

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("urja-lang") {
            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                super.setLocale(request, response, supported(locale));
            }
        };
        resolver.setDefaultLocale(Locale.ENGLISH);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    static Locale supported(Locale locale) {
        return locale != null && "hi".equals(locale.getLanguage()) ? HINDI : Locale.ENGLISH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LanguageSwitch()).addPathPatterns("/portal/**");
    }

    /** {@code ?lang=en|hi}: sets the cookie (other values are ignored) and remembers it with a signed-in consumer. */
    private final class LanguageSwitch implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            String lang = request.getParameter("lang");
            if ("en".equals(lang) || "hi".equals(lang)) {
                Locale locale = Locale.forLanguageTag(lang);
                var resolver = org.springframework.web.servlet.support.RequestContextUtils.getLocaleResolver(request);
                if (resolver != null) {
                    resolver.setLocale(request, response, locale);
                }
                ConsumerPrincipal.current().flatMap(p -> logins.byLoginId(p.loginId()))
                        .filter(l -> !l.language().equals(lang))
                        .ifPresent(l -> logins.language(l.id(), lang));
            }
            return true;
        }
    }
}
