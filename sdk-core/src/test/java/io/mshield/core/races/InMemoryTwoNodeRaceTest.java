package io.mshield.core.races;

import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.BeforeEach;

/** Two SDK instances on one in-memory store. */
class InMemoryTwoNodeRaceTest extends AbstractTwoNodeRaceTest {
    private InMemoryPersistence shared;

    @BeforeEach
    void fresh() {
        shared = new InMemoryPersistence();
    }

    @Override
    protected Persistence persistenceForNode(int node) {
        return shared;
    }
}
