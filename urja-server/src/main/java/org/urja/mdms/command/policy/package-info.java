/**
 * The disconnection policy as small named pure functions ({@link org.urja.mdms.command.policy.DisconnectionRule}):
 * each looks at one {@link org.urja.mdms.command.DisconnectionCase} and allows it or refuses it with its rule name and
 * a reason. No database, no clock: the command module gathers the case and the utility's configuration.
 */
package org.urja.mdms.command.policy;
