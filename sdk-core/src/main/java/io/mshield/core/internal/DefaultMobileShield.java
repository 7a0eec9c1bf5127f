package io.mshield.core.internal;

import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.admin.AdministrationService;
import io.mshield.audit.AuditCheckpoint;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditLog;
import io.mshield.core.internal.qr.QrServiceImpl;
import io.mshield.qr.QrService;
import io.mshield.core.internal.seal.SealServiceImpl;
import io.mshield.seal.SealService;
import io.mshield.core.internal.linked.LinkedAppServiceImpl;
import io.mshield.linked.IdentityChallengePolicy;
import io.mshield.linked.LinkedAppPolicy;
import io.mshield.seal.SealMediaTrust;
import io.mshield.seal.SealPolicy;
import io.mshield.linked.LinkedAppService;
import io.mshield.audit.AuditVerification;
import io.mshield.core.internal.admin.AdministrationServiceImpl;
import io.mshield.core.internal.enrollment.EnrollmentServiceImpl;
import io.mshield.core.internal.permission.PermissionServiceImpl;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.core.internal.shield.ShieldServiceImpl;
import io.mshield.enrollment.EnrollmentService;
import io.mshield.permission.PermissionService;
import io.mshield.shield.ShieldService;
import io.mshield.signature.SignatureHistory;
import io.mshield.transaction.TransactionService;
import io.mshield.core.internal.transaction.SignatureHistoryImpl;
import io.mshield.core.internal.transaction.TransactionServiceImpl;

import java.util.List;
import java.util.Objects;

/** The SDK instance: its services over one {@link Context}. */
public final class DefaultMobileShield implements MobileShield {
    private final Context ctx;
    private final PermissionService permissions;
    private final EnrollmentService enrollment;
    private final ShieldService shields;
    private final AdministrationService administration;
    private final AuditLog audit;
    private final TransactionService transactions;
    private final SignatureHistory signatures;
    private final QrService qr;
    private final SealService seals;
    private final LinkedAppService linkedApps;

    /**
     * Wires the services.
     *
     * @param ctx        the context
     * @param qrLifetime how long a QR challenge lives
     * @param linkedAppPolicy the per-app cooling-off of linked apps
     */
    public DefaultMobileShield(Context ctx, java.time.Duration qrLifetime, LinkedAppPolicy linkedAppPolicy) {
        this(ctx, qrLifetime, linkedAppPolicy, IdentityChallengePolicy.defaults(), SealPolicy.defaults(), SealMediaTrust.none());
    }

    /**
     * Wires the services, with the identity challenges' and the seals' settings.
     *
     * @param ctx             the context
     * @param qrLifetime      how long a QR challenge lives
     * @param linkedAppPolicy the per-app cooling-off of linked apps
     * @param identityPolicy  how identity challenges are asked and how often
     * @param sealPolicy      the seal PIN's lockout
     * @param sealMediaTrust  the CAs trusted for seal media (USB keys)
     */
    public DefaultMobileShield(Context ctx, java.time.Duration qrLifetime, LinkedAppPolicy linkedAppPolicy,
                               IdentityChallengePolicy identityPolicy, SealPolicy sealPolicy, SealMediaTrust sealMediaTrust) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        PinGuard pins = new PinGuard(ctx);
        ShieldServiceImpl shieldService = new ShieldServiceImpl(ctx, pins);
        this.permissions = new PermissionServiceImpl(ctx);
        this.shields = shieldService;
        this.enrollment = new EnrollmentServiceImpl(ctx, pins, permissions, shieldService);
        this.administration = new AdministrationServiceImpl(ctx, pins);
        SignatureHistoryImpl history = new SignatureHistoryImpl(ctx);
        this.signatures = history;
        LinkedAppServiceImpl linked = new LinkedAppServiceImpl(ctx, pins, linkedAppPolicy, identityPolicy);
        this.linkedApps = linked;
        this.transactions = new TransactionServiceImpl(ctx, pins, shieldService, history,
                new TransactionServiceImpl.LinkedApps(linkedAppPolicy, linked::enabledIn));
        this.qr = new QrServiceImpl(ctx, transactions, qrLifetime);
        this.seals = new SealServiceImpl(ctx, pins, sealPolicy, sealMediaTrust);
        this.audit = new AuditLog() {
            @Override
            public List<AuditEntry> read(long fromSequence, int limit) {
                return ctx.persistence().inTransaction(s -> ctx.auditChain().read(s, fromSequence, limit));
            }

            @Override
            public AuditVerification verify(List<AuditCheckpoint> kept) {
                return ctx.auditChain().verify(ctx.persistence(), List.copyOf(kept));
            }

            @Override
            public List<AuditCheckpoint> checkpoints(long fromNumber, int limit) {
                if (fromNumber < 1 || limit < 1 || limit > 1000) {
                    throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "fromNumber must be at least 1 and limit 1 to 1000");
                }
                return ctx.persistence().inTransaction(s -> ctx.auditChain().checkpoints(s, fromNumber, limit));
            }
        };
    }

    @Override
    public PermissionService permissions() {
        return permissions;
    }

    @Override
    public EnrollmentService enrollment() {
        return enrollment;
    }

    @Override
    public ShieldService shields() {
        return shields;
    }

    @Override
    public AdministrationService administration() {
        return administration;
    }

    @Override
    public TransactionService transactions() {
        return transactions;
    }

    @Override
    public SignatureHistory signatures() {
        return signatures;
    }

    @Override
    public QrService qr() {
        return qr;
    }

    @Override
    public SealService seals() {
        return seals;
    }

    @Override
    public LinkedAppService linkedApps() {
        return linkedApps;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        try {
            ctx.persistence().close();
        } finally {
            ctx.crypto().keyStorage().close();
        }
    }

    @Override
    public String toString() {
        return "MobileShield[" + ctx.persistence().getClass().getSimpleName() + ", " + ctx.crypto().getClass().getSimpleName() + "]";
    }
}
