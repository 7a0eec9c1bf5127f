package io.mshield.samples;

import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.persistence.Persistence;

/** The COSIGN-PIN attacks on the in-memory store. */
class InMemoryCollaborativeAttackTest extends AbstractCollaborativeAttackTest {
    @Override
    protected Persistence newPersistence() {
        return new InMemoryPersistence();
    }
}
