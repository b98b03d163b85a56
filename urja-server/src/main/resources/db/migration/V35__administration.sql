-- Staff portal administration (issue 10 part 7): settings an administrator changes in the portal, each kept here
-- and read by its module at once; where there is no row, the module's configuration (or built-in default) applies.

-- command: the disconnection policy's hours and weekdays (one row; absent: urja.command.policy.*).
CREATE TABLE command_policy_setting
(
    id                        BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    no_disconnect_from        TIME        NOT NULL,
    no_disconnect_until       TIME        NOT NULL,
    no_disconnect_days        TEXT[]      NOT NULL,
    no_disconnect_on_holidays BOOLEAN     NOT NULL,
    updated_by                TEXT        NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);

-- vee: rule and estimation parameters (absent: urja.vee.parameters.* or the rule's default).
CREATE TABLE vee_parameter
(
    name       TEXT PRIMARY KEY,
    value      NUMERIC     NOT NULL,
    updated_by TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- notification: a template's text as an administrator edited it (absent: the packaged notifications/*.txt).
CREATE TABLE notification_template
(
    template   TEXT        NOT NULL,
    language   TEXT        NOT NULL,
    subject    TEXT,
    body       TEXT        NOT NULL,
    updated_by TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (template, language)
);

-- audit: the administration history reads the trail by action prefix.
CREATE INDEX audit_event_by_action ON audit_event (action text_pattern_ops, occurred_at DESC);
