package org.urja.hes.internal;

/**
 * Where the messages a HES sends go: the MDM over signed HTTP ({@link MdmClient}) when the HES runs, a directory of
 * message files when a benchmark prepares its payloads ahead of the timed window ({@code Main prepare}).
 */
@FunctionalInterface
public interface MessageSink {

    /** Sends {@code message} to {@code path} (e.g. {@code /meter-readings}) under the MDM's HES base URL. */
    MdmClient.Delivery send(String path, Object message);
}
