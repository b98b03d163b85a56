-- vee module: the exception desk's queue filtered by rule (and day) among the open findings.
CREATE INDEX vee_finding_open_by_rule ON vee_finding (rule, day) WHERE status = 'OPEN';
