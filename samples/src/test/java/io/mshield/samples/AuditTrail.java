package io.mshield.samples;

import io.mshield.MobileShield;
import io.mshield.audit.AuditEntry;

import java.util.ArrayList;
import java.util.List;

/** Reads a whole audit log, page by page, for tests that count or inspect its entries. */
final class AuditTrail {
    private AuditTrail() {
    }

    static List<AuditEntry> all(MobileShield sdk) {
        List<AuditEntry> all = new ArrayList<>();
        for (List<AuditEntry> page = sdk.audit().read(1, 1000); !page.isEmpty();
             page = sdk.audit().read(page.get(page.size() - 1).sequence() + 1, 1000)) {
            all.addAll(page);
        }
        return all;
    }
}
