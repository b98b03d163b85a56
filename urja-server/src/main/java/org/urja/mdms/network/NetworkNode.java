package org.urja.mdms.network;

/** One node of the electrical hierarchy. */
public record NetworkNode(NetworkLevel level, String code, String name, String parentCode) {
}
