/**
 * The estimators, applied by {@link org.urja.mdms.vee.Vee#run} in this order: {@link OutageFill},
 * {@link LinearInterpolation}, {@link LikeDay}, {@link RegisterScaling}. Each is a pure function from a series to a new
 * series; none changes a slot that has a value, and none fills a gap that an ERROR finding covers (FAILED_VALIDATION):
 * such a gap is left for the work queue. Internal to the VEE module.
 */
package org.urja.mdms.vee.estimation;
