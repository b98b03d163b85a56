package org.urja.hes.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An interval length in seconds that IS 15959 block load profiles use: 900 (15 min) or 1800 (30 min). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IntervalLength.Check.class)
public @interface IntervalLength {

    String message() default "must be 900 or 1800 (15 or 30 minutes)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check behind the annotation. */
    class Check implements ConstraintValidator<IntervalLength, Integer> {
        @Override
        public boolean isValid(Integer seconds, ConstraintValidatorContext context) {
            return seconds == null || seconds == 900 || seconds == 1800;
        }
    }
}
