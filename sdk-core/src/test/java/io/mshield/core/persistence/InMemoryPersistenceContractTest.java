package io.mshield.core.persistence;

import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.persistence.Persistence;

/** The in-memory store passes the persistence contract. */
class InMemoryPersistenceContractTest extends AbstractPersistenceContractTest {
    @Override
    protected Persistence newPersistence() {
        return new InMemoryPersistence();
    }
}
