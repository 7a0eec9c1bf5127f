package io.mshield.core.internal.admin;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.admin.AdministrationService;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.core.internal.shield.Bindings;
import io.mshield.core.internal.shield.Roles;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.Transitions;
import io.mshield.core.internal.shield.Views;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.Pin;
import io.mshield.pin.PinProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Administration (R4): loss, freeze, void and bank-side PIN reset, with who may do what. */
public final class AdministrationServiceImpl implements AdministrationService {
    private static final Set<Actor.Role> ADMINS = Set.of(Actor.Role.LEGAL_REPRESENTATIVE, Actor.Role.BANK_STAFF);
    private static final Set<Actor.Role> HOLDER_OR_ADMINS = Set.of(Actor.Role.HOLDER, Actor.Role.LEGAL_REPRESENTATIVE, Actor.Role.BANK_STAFF);

    private final Context ctx;
    private final PinGuard pins;

    /**
     * Creates the service.
     *
     * @param ctx  the context
     * @param pins the PIN guard, which opens the new PIN's block
     */
    public AdministrationServiceImpl(Context ctx, PinGuard pins) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.pins = Objects.requireNonNull(pins, "pins");
    }

    @Override
    public ShieldDetails reportLoss(ShieldNumber shield, Actor by) {
        return hold(shield, by, ShieldStatus.LOST, HOLDER_OR_ADMINS, "report the loss of a shield", "shield.loss_reported");
    }

    @Override
    public ShieldDetails cancelLoss(ShieldNumber shield, Actor by) {
        return lift(shield, by, ShieldStatus.LOST, HOLDER_OR_ADMINS, "cancel a loss report", "shield.loss_cancelled");
    }

    @Override
    public ShieldDetails freeze(ShieldNumber shield, Actor by) {
        return hold(shield, by, ShieldStatus.FROZEN, ADMINS, "freeze a shield", "shield.frozen");
    }

    @Override
    public ShieldDetails unfreeze(ShieldNumber shield, Actor by) {
        return lift(shield, by, ShieldStatus.FROZEN, ADMINS, "unfreeze a shield", "shield.unfrozen");
    }

    @Override
    public ShieldDetails voidShield(ShieldNumber shield, Actor by) {
        check(shield, by);
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            Roles.require(ctx, by, loaded.state(), ADMINS, "void a shield");
            ShieldRepository.Loaded done = Transitions.revoke(ctx, tx, loaded, RevocationReason.CESSATION_OF_OPERATION, by, "shield.voided");
            Bindings.release(ctx, tx, done.state());
            return Views.details(done.state());
        });
    }

    @Override
    public ShieldDetails resetPin(ShieldNumber shield, Actor by, PinProof.EncryptedPin newPin) {
        check(shield, by);
        Objects.requireNonNull(newPin, "newPin");
        PinGuard.OpenedBlock opened = pins.decrypt(newPin);
        try (opened) {
            return ctx.transaction(tx -> {
                ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
                ShieldState s = loaded.state();
                Roles.require(ctx, by, s, Set.of(Actor.Role.BANK_STAFF), "reset a PIN");
                ShieldStatus status = ShieldStatus.valueOf(s.status);
                if (status != ShieldStatus.LOCKED && status != ShieldStatus.ACTIVE) {
                    throw new ShieldException(ErrorCode.ILLEGAL_STATE, "shield " + shield.value() + " is " + status
                            + "; only an active or locked shield's PIN is reset");
                }
                if (!ctx.pinPolicy().allowBankReset()) {
                    throw new ShieldException(ErrorCode.PIN_RESET_NOT_ALLOWED, "the PIN policy does not allow a bank reset ("
                            + ctx.pinPolicy().lockoutAction() + "): revoke the shield and apply again");
                }
                if (CustodyMode.valueOf(s.custody) == CustodyMode.COLLABORATIVE) {
                    throw new ShieldException(ErrorCode.PIN_RESET_NOT_ALLOWED, "a COLLABORATIVE shield's PIN masks the phone's key"
                            + " share, which the bank does not hold: reissue the shield instead");
                }
                try (Pin pin = pins.bind(tx, shield.value(), newPin, opened)) {
                    ctx.pinPolicy().checkFormat(pin);
                    ctx.pinPolicy().checkStrength(pin, ResidentIdNumber.of(s.holderId), PhoneNumber.of(s.holderPhone));
                    s.pinMac = pins.pinMac(shield.value(), pin);
                }
                tx.store().resetCounter(PinGuard.failureCounter(shield.value()));
                s.timedFreezes = 0;
                if (status == ShieldStatus.LOCKED) {
                    return Views.details(Transitions.move(ctx, tx, loaded, ShieldStatus.ACTIVE, by, "shield.pin_reset", Map.of()).state());
                }
                ctx.shields().update(tx.store(), loaded);
                tx.audit(by, "shield.pin_reset", shield.value(), Map.of());
                return Views.details(s);
            });
        }
    }

    @Override
    public ShieldDetails unlockPin(ShieldNumber shield, Actor by) {
        check(shield, by);
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            ShieldState s = loaded.state();
            Roles.require(ctx, by, s, Set.of(Actor.Role.BANK_STAFF), "lift a PIN lock");
            if (ShieldStatus.valueOf(s.status) != ShieldStatus.LOCKED || CustodyMode.valueOf(s.custody) != CustodyMode.COLLABORATIVE) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "only a locked COLLABORATIVE shield is unlocked; reset the PIN of others");
            }
            if (!ctx.pinPolicy().allowBankReset()) {
                throw new ShieldException(ErrorCode.PIN_RESET_NOT_ALLOWED, "the PIN policy does not allow a bank reset ("
                        + ctx.pinPolicy().lockoutAction() + "): revoke the shield and apply again");
            }
            tx.store().resetCounter(PinGuard.failureCounter(shield.value()));
            s.timedFreezes = 0;
            return Views.details(Transitions.move(ctx, tx, loaded, ShieldStatus.ACTIVE, by, "shield.pin_unlocked", Map.of()).state());
        });
    }

    private ShieldDetails hold(ShieldNumber shield, Actor by, ShieldStatus target, Set<Actor.Role> allowed, String what, String action) {
        check(shield, by);
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            Roles.require(ctx, by, loaded.state(), allowed, what);
            ShieldStatus from = ShieldStatus.valueOf(loaded.state().status);
            if (!from.canBecome(target)) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "cannot " + what + " while it is " + from);
            }
            loaded.state().heldBy = by.role().name();
            return Views.details(Transitions.move(ctx, tx, loaded, target, by, action, Map.of()).state());
        });
    }

    private ShieldDetails lift(ShieldNumber shield, Actor by, ShieldStatus expected, Set<Actor.Role> allowed, String what, String action) {
        check(shield, by);
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            Roles.require(ctx, by, loaded.state(), allowed, what);
            if (ShieldStatus.valueOf(loaded.state().status) != expected) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "cannot " + what + ": the shield is " + loaded.state().status);
            }
            Roles.requireMayLift(by, loaded.state(), what);
            return Views.details(Transitions.move(ctx, tx, loaded, ShieldStatus.ACTIVE, by, action, Map.of()).state());
        });
    }

    private static void check(ShieldNumber shield, Actor by) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(by, "by");
    }
}
