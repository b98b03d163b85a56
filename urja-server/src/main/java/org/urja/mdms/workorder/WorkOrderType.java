package org.urja.mdms.workorder;

/** What the field force is sent to do. */
public enum WorkOrderType {
    /** A meter to install: at a new connection's service point, or in place of the current one (UC12.2, UC13.3). */
    METER_INSTALLATION,
    /** A faulty or damaged meter to replace. */
    METER_REPLACEMENT,
    /** The site inspection of a tamper the meter reported (UC5.3). */
    TAMPER_INSPECTION,
    /** A visit for a consumer's complaint (UC20.4). */
    COMPLAINT_VISIT,
    /** The meter to be tested at site or taken to the lab (a service request). */
    METER_TESTING,
    /** Supply to be cut at the pole or service cable (a meter that cannot be disconnected remotely). */
    PHYSICAL_DISCONNECTION,
    /** Supply to be restored at the pole or service cable. */
    PHYSICAL_RECONNECTION,
    /** A site survey (feasibility of a new connection or a load change). */
    SITE_SURVEY
}
