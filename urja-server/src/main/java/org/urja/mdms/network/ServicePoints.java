package org.urja.mdms.network;

/**
 * Published API: service points created by the utility's own processes (a new connection, UC12.1) rather than by the
 * asset-master import. In the caller's transaction; bad input is an {@link org.urja.mdms.platform.ApiProblem}.
 */
public interface ServicePoints {

    /**
     * Creates the service point of a consumer's premises, without a meter (the installation report brings one). The
     * same code again for the same consumer returns it unchanged; for another consumer it is a 409 naming
     * {@code servicePointCode}.
     *
     * @return true when it was created now
     */
    boolean open(String code, String consumerNo, String address);
}
