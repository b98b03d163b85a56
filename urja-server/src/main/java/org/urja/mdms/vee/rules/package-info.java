/**
 * The validation rules, one small pure class each with its {@code NAME}, parameters and defaults. Internal to the
 * VEE module: other modules select rules by name through a {@link org.urja.mdms.vee.VeeProfile}.
 */
package org.urja.mdms.vee.rules;
