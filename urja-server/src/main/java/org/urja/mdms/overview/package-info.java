/**
 * Meter / consumer 360 in the staff portal: find a meter by its number, or a consumer by number, name or phone, and
 * see on one page where the meter sits in the network, its readings with their quality, register reads, device
 * events, commands, work orders, the prepaid wallet and payments, and the consumer's bills, service requests,
 * complaints and new-connection request (each only for the roles that may read it). It owns no tables: everything
 * comes through the published APIs of the modules that own the data, section by section (htmx), so the page opens at
 * once.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Meter 360")
package org.urja.mdms.overview;
