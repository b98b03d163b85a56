/**
 * Remote commands to meters through the HES: connect / disconnect (UC3, UC4), ping (UC7.4), configuration changes
 * (UC8.2), time synchronisation (UC10.1), payment-mode switch and credit update — for one meter or a group (a list,
 * or every meter under a network node). Each command is idempotent by its requester's key, checked against the
 * utility's disconnection policy, sent with bounded retries, and followed to its outcome with a full history. The
 * MDM's view of a meter (relay, payment mode, configuration) changes only on a confirmed outcome.
 *
 * <p>Published API: {@link org.urja.mdms.command.Commands} (issue, follow and cancel commands as a staff user or a
 * system module), {@link org.urja.mdms.command.DisconnectionVeto} (an extension point other modules implement, e.g.
 * a prepaid grace period), and the events {@link org.urja.mdms.command.DisconnectionAlert},
 * {@link org.urja.mdms.command.MeterDisconnected}, {@link org.urja.mdms.command.MeterReconnected},
 * {@link org.urja.mdms.command.MeterStateChanged} and {@link org.urja.mdms.command.CommandCompleted}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Remote commands")
package org.urja.mdms.command;
