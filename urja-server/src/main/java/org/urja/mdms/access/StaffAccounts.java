package org.urja.mdms.access;

import java.util.Set;

import org.urja.mdms.platform.StaffRole;

/** Published API of the access module for provisioning staff accounts (demo data, CIS/HR sync). */
public interface StaffAccounts {

    /** Creates the user unless the user name is taken; returns whether it was created. */
    boolean createIfAbsent(String username, String displayName, String password, Set<StaffRole> roles,
                           boolean mustChangePassword);
}
