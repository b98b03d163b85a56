package org.urja.mdms.command.policy;

import org.urja.mdms.command.DisconnectionCase;

/** One rule of the disconnection policy: a pure function of the case. */
@FunctionalInterface
public interface DisconnectionRule {

    Verdict apply(DisconnectionCase candidate);
}
