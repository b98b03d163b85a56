package org.urja.mdms.network;

/** A data concentrator of the RF mesh: the DT it is registered at, whether it is in service, and how many meters it serves now. */
public record Dcu(String code, String dtCode, boolean active, long meters) {
}
