package io.mshield;

import io.mshield.admin.AdministrationService;
import io.mshield.audit.AuditLog;
import io.mshield.enrollment.EnrollmentService;
import io.mshield.permission.PermissionService;
import io.mshield.shield.ShieldService;
import io.mshield.signature.SignatureHistory;
import io.mshield.transaction.TransactionService;

/**
 * The SDK: one immutable, thread-safe entry point built by sdk-core's builder from the bank's
 * SPIs. Two instances share nothing; many instances on many nodes may share one database.
 *
 * <p>Later capabilities (QR login and signing, e-seals, linked apps) add services here.
 */
public interface MobileShield extends AutoCloseable {

    /**
     * Permissions (R1).
     *
     * @return never null
     */
    PermissionService permissions();

    /**
     * Opening and reissuing shields (R2, R3.5).
     *
     * @return never null
     */
    EnrollmentService enrollment();

    /**
     * Keeping shields (R3).
     *
     * @return never null
     */
    ShieldService shields();

    /**
     * Administration (R4).
     *
     * @return never null
     */
    AdministrationService administration();

    /**
     * Transactions (R6, R7.1).
     *
     * @return never null
     */
    TransactionService transactions();

    /**
     * Signature history and evidence (R6.6).
     *
     * @return never null
     */
    SignatureHistory signatures();

    /**
     * The audit log (read and verify).
     *
     * @return never null
     */
    AuditLog audit();

    /**
     * Scan-to-login and scan-to-sign (R7.2, R7.3).
     *
     * @return the service
     */
    io.mshield.qr.QrService qr();

    /**
     * E-seal binding and unbinding (R8).
     *
     * @return the service
     */
    io.mshield.seal.SealService seals();

    /**
     * One credential in two apps on one device (R9).
     *
     * @return the service
     */
    io.mshield.linked.LinkedAppService linkedApps();

    /** Closes the SPIs the SDK owns (persistence, key storage); throws nothing checked. */
    @Override
    void close();
}
