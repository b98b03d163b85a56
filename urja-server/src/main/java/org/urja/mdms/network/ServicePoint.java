package org.urja.mdms.network;

/** The supply point of one consumer account's premises, identified by its code. */
public record ServicePoint(String code, String consumerNo, String address) {
}
