package org.urja.mdms.vee;

import java.util.List;

/** One named validation check: a pure function of the day's input and its config. */
public interface ValidationRule {

    /** The name profiles select the rule by. */
    String name();

    /** The rule's findings for the day; empty when the data passes or the rule does not apply to it. */
    List<Finding> check(DayInput input, RuleConfig config);
}
