/** Demo data for the README's run command: a small network, consumers and staff users, loaded once. */
@org.springframework.modulith.ApplicationModule(displayName = "Demo")
package org.urja.mdms.demo;
