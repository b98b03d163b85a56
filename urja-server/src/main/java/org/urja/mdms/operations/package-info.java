/**
 * The operations side of the staff portal (issue 10 parts 1 and 4): the operations dashboard — collection
 * completeness of the day overall and per feeder and DT, meters not heard from, the command queue, recent critical
 * events, open outages, refreshed live — and the command centre: single-meter and group commands with the
 * disconnection policy's verdicts shown before sending, a typed second confirmation for group disconnections, and
 * live progress. It owns no tables: everything is read and done through the published APIs of the network, reading,
 * command, event, outage and hes modules.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations portal")
package org.urja.mdms.operations;
