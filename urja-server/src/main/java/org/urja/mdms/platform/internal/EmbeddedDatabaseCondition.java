package org.urja.mdms.platform.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True when no external database is configured (neither {@code spring.datasource.url} nor {@code URJA_DB_URL}). */
class EmbeddedDatabaseCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        return !StringUtils.hasText(env.getProperty("spring.datasource.url"))
                && !StringUtils.hasText(env.getProperty("URJA_DB_URL"));
    }
}
