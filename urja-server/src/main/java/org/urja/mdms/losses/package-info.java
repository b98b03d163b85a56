/**
 * Losses: the energy audit of feeders and DTs (energy received at the boundary meter against what the consumer meters
 * under it used, net of their export, with the data completeness beside it) and revenue protection (tamper events and
 * their inspections, repeated tampers, zero consumption while the meter shows load, abnormal consumption drops). Reads
 * the network registry, validated interval data, device events and work orders through their published APIs only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Energy audit and revenue protection")
package org.urja.mdms.losses;
