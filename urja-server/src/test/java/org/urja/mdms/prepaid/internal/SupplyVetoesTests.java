package org.urja.mdms.prepaid.internal;

import org.junit.jupiter.api.Test;
import org.urja.mdms.command.Requester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prepaid grace period and emergency credit hold back disconnections for exhausted credit, whoever clicks — not a
 * disconnection another module asks for on other grounds (a confirmed tamper, a migration the consumer asked for).
 */
class SupplyVetoesTests {

    @Test
    void uc3_1_theGraceHoldsBackCreditDisconnectionsButNotTamperOrMigrationOnes() {
        assertThat(SupplyVetoes.forCredit(Requester.system("prepaid"))).isTrue();
        assertThat(SupplyVetoes.forCredit(Requester.system("billing"))).isTrue();
        assertThat(SupplyVetoes.forCredit(Requester.staff("operator1"))).isTrue();
        assertThat(SupplyVetoes.forCredit(null)).isTrue();
        assertThat(SupplyVetoes.forCredit(Requester.system("revenue-protection"))).isFalse();
        assertThat(SupplyVetoes.forCredit(Requester.system("migration"))).isFalse();
    }
}
