package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Reply;
import org.junit.jupiter.api.Test;

/** The service's handler budget: per-connection limit, service limit, fair shares past it, and the bound on the total. */
class HandlerBudgetTest {
    @Test
    void theConnectionLimitRefusesWhateverTheServiceRuns() {
        HandlerBudget budget = new HandlerBudget(3, 100);
        budget.connectionOpened();
        assertThat(budget.admit(2)).isNull();
        Reply refused = budget.admit(3);
        assertThat(refused).isNotNull();
        assertThat(refused.header().errorCode()).isEqualTo("busy");
        assertThat(budget.running()).isEqualTo(1);
    }

    @Test
    void pastTheServiceLimitOnlyConnectionsUnderTheirShareAreAdmitted() {
        HandlerBudget budget = new HandlerBudget(1000, 100);
        budget.connectionOpened();
        budget.connectionOpened();
        for (int open = 0; open < 100; open++) {
            assertThat(budget.admit(open)).as("the greedy connection's request %d", open).isNull();
        }
        assertThat(budget.admit(100)).as("the greedy connection, over its share of 50").isNotNull();
        assertThat(budget.share()).isEqualTo(50);
        for (int open = 0; open < 50; open++) {
            assertThat(budget.admit(open)).as("the other connection's request %d, under its share", open).isNull();
        }
        assertThat(budget.admit(50)).as("the other connection at its share").isNotNull();
        assertThat(budget.running()).isEqualTo(150);
        budget.finished();
        assertThat(budget.running()).isEqualTo(149);
    }

    @Test
    void everyConnectionKeepsTheMinimumShareAndTheTotalStaysBounded() {
        int perService = 16;
        int connections = 100;
        HandlerBudget budget = new HandlerBudget(1000, perService);
        for (int c = 0; c < connections; c++) {
            budget.connectionOpened();
        }
        assertThat(budget.share()).isEqualTo(HandlerBudget.MIN_SHARE);
        int[] open = new int[connections];
        // every connection asks for far more than it may have, in turns
        for (int round = 0; round < 50; round++) {
            for (int c = 0; c < connections; c++) {
                if (budget.admit(open[c]) == null) {
                    open[c]++;
                }
            }
        }
        for (int c = 0; c < connections; c++) {
            assertThat(open[c]).as("connection %d", c).isGreaterThanOrEqualTo(HandlerBudget.MIN_SHARE);
        }
        assertThat(budget.running()).isLessThanOrEqualTo(perService + Math.max(perService, HandlerBudget.MIN_SHARE * connections));
    }

    @Test
    void closedConnectionsGiveTheirShareBack() {
        HandlerBudget budget = new HandlerBudget(1000, 100);
        for (int c = 0; c < 10; c++) {
            budget.connectionOpened();
        }
        assertThat(budget.share()).isEqualTo(10);
        for (int c = 0; c < 8; c++) {
            budget.connectionClosed();
        }
        assertThat(budget.share()).isEqualTo(50);
    }
}
