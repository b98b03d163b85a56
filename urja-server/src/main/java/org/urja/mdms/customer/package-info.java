/** Consumer accounts: who the utility supplies (consumer number / "K number", contact, sanctioned load, tariff). */
@org.springframework.modulith.ApplicationModule(displayName = "Customer")
package org.urja.mdms.customer;
