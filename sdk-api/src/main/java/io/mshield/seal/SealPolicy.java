package io.mshield.seal;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.pin.LockoutAction;

import java.util.Set;

/**
 * The seal PIN's lockout (R8.5): how many wrong PINs in a row lock a seal, and who lifts the lock.
 *
 * <p>Seed 003 is the only seed about seals, so there is one preset, named after it, which is the
 * default:
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>preset</th><th>wrong PINs before the lock</th><th>lockout</th><th>who lifts it</th></tr>
 *   <tr><td>{@link #seed003()} (= {@link #defaults()})</td><td>5</td><td>locked, contact the CA to reset the PIN</td>
 *       <td>the CA: bank staff or the bank's system, with a new PIN ({@code SealService.resetPin})</td></tr>
 * </table>
 * Seed 003 says "PIN码错误情况下最多输入5次。超过5次后限制输入" and "连续5次输入错误将锁定": this SDK reads
 * both as "the 5th consecutive wrong PIN locks" (docs/lifecycle.md, "Seed readings"). A correct
 * PIN resets the count.
 *
 * @param maxAttempts the wrong PINs in a row that lock the seal, 1-{@value #MAX_ATTEMPTS_LIMIT}
 */
public record SealPolicy(int maxAttempts) {
    /** The largest {@code maxAttempts} a policy accepts. */
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    private static final Set<Actor.Role> RESETTERS = Set.of(Actor.Role.BANK_STAFF, Actor.Role.SYSTEM);

    /**
     * Validates.
     *
     * @param maxAttempts the wrong PINs in a row that lock the seal
     * @throws ShieldException {@link ErrorCode#INVALID_POLICY} outside 1-{@value #MAX_ATTEMPTS_LIMIT}
     */
    public SealPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "maxAttempts must be 1-" + MAX_ATTEMPTS_LIMIT + ", got " + maxAttempts);
        }
    }

    /**
     * Seed 003: 5 wrong PINs in a row lock the seal until the CA resets its PIN.
     *
     * @return the preset
     */
    public static SealPolicy seed003() {
        return new SealPolicy(5);
    }

    /**
     * The default, {@link #seed003()}.
     *
     * @return the default
     */
    public static SealPolicy defaults() {
        return seed003();
    }

    /**
     * What a lock means for the holder: contact the CA (seed 003).
     *
     * @return {@link LockoutAction#LOCK_CONTACT_CA}
     */
    public LockoutAction lockoutAction() {
        return LockoutAction.LOCK_CONTACT_CA;
    }

    /**
     * Who may reset a seal's PIN and so lift its lock: the CA, that is bank staff or the bank's
     * system (seed 003: "请联系CA重置密码").
     *
     * @return the roles
     */
    public Set<Actor.Role> mayResetPin() {
        return RESETTERS;
    }
}
