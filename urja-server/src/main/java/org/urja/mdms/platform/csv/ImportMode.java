package org.urja.mdms.platform.csv;

/** What to do when some rows of an import are invalid. */
public enum ImportMode {
    /** Default: validate every row first; import nothing if any row is invalid. */
    ALL_OR_NOTHING,
    /** Explicit option: import the valid rows and report the rejected ones. */
    VALID_ONLY
}
