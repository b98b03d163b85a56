/** CSV import framework used by every module that imports part of the utility's asset master. */
@org.springframework.modulith.NamedInterface("csv")
package org.urja.mdms.platform.csv;
