package io.mshield.samples.server;

import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.shield.ShieldDetails;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The endpoints of the bank's counter and back office (R4): loss, freeze, PIN reset and void of a
 * shield, and the lists staff work from. The member of staff is named by the {@code X-Staff-Id}
 * header, the branch by {@code X-Branch} and the identity verification they performed by
 * {@code X-Verification-Ref}; together they are the actor in the audit log. A real deployment takes
 * them from its own staff login and counter systems, never from the client as this sample does.
 */
@RestController
@RequestMapping(path = "/api/staff", produces = "application/json")
@Tag(name = "staff", description = "what bank staff do at the counter and in the back office")
public class StaffController {
    private static final String STAFF = "X-Staff-Id";
    private static final String BRANCH = "X-Branch";
    private static final String VERIFICATION = "X-Verification-Ref";
    private final MobileShield sdk;

    /**
     * The staff's endpoints.
     *
     * @param sdk the SDK
     */
    public StaffController(MobileShield sdk) {
        this.sdk = sdk;
    }

    /**
     * The shields of a person in an enterprise.
     *
     * @param enterprise the enterprise
     * @param idNumber   the person's ID number
     * @return the shields
     */
    @GetMapping("/shields")
    @Operation(summary = "the shields of a person in an enterprise")
    public List<Wire.Shield> shieldsOf(@RequestParam String enterprise, @RequestParam String idNumber) {
        return sdk.shields().shieldsOf(EnterpriseId.of(enterprise), ResidentIdNumber.of(idNumber)).stream().map(Wire.Shield::of).toList();
    }

    /**
     * A shield.
     *
     * @param number the shield number
     * @return the shield
     */
    @GetMapping("/shields/{number}")
    @Operation(summary = "a shield's details")
    public Wire.Shield shield(@PathVariable String number) {
        return Wire.Shield.of(sdk.shields().details(ShieldNumber.of(number)));
    }

    /**
     * Shields whose certificates are due for a renewal reminder.
     *
     * @param limit at most this many
     * @return the shields
     */
    @GetMapping("/shields/due-for-renewal")
    @Operation(summary = "shields due for a renewal reminder (R3.4)")
    public List<Wire.Shield> dueForRenewal(@RequestParam(defaultValue = "100") int limit) {
        return sdk.shields().dueForRenewalReminder(Instant.now(), limit).stream().map(Wire.Shield::of).toList();
    }

    /**
     * Reports a shield lost on the holder's behalf.
     *
     * @param number the shield number
     * @param staff        the member of staff
     * @param branch       the branch
     * @param verification the identity verification performed
     * @return the shield
     */
    @PostMapping("/shields/{number}/loss")
    @Operation(summary = "report loss (R4.1)")
    public Wire.Shield reportLoss(@PathVariable String number, @RequestHeader(STAFF) String staff,
                                  @RequestHeader(BRANCH) String branch, @RequestHeader(VERIFICATION) String verification) {
        return act(number, Actor.bankStaff(staff, branch, verification), sdk.administration()::reportLoss);
    }

    /**
     * Cancels a loss report.
     *
     * @param number the shield number
     * @param staff        the member of staff
     * @param branch       the branch
     * @param verification the identity verification performed
     * @return the shield
     */
    @PostMapping("/shields/{number}/loss/cancel")
    @Operation(summary = "cancel a loss report (R4.1)")
    public Wire.Shield cancelLoss(@PathVariable String number, @RequestHeader(STAFF) String staff,
                                  @RequestHeader(BRANCH) String branch, @RequestHeader(VERIFICATION) String verification) {
        return act(number, Actor.bankStaff(staff, branch, verification), sdk.administration()::cancelLoss);
    }

    /**
     * Freezes a shield.
     *
     * @param number the shield number
     * @param staff        the member of staff
     * @param branch       the branch
     * @param verification the identity verification performed
     * @return the shield
     */
    @PostMapping("/shields/{number}/freeze")
    @Operation(summary = "freeze (R4.1)")
    public Wire.Shield freeze(@PathVariable String number, @RequestHeader(STAFF) String staff,
                                  @RequestHeader(BRANCH) String branch, @RequestHeader(VERIFICATION) String verification) {
        return act(number, Actor.bankStaff(staff, branch, verification), sdk.administration()::freeze);
    }

    /**
     * Lifts a freeze the bank placed.
     *
     * @param number the shield number
     * @param staff        the member of staff
     * @param branch       the branch
     * @param verification the identity verification performed
     * @return the shield
     */
    @PostMapping("/shields/{number}/unfreeze")
    @Operation(summary = "unfreeze (R4.3)")
    public Wire.Shield unfreeze(@PathVariable String number, @RequestHeader(STAFF) String staff,
                                  @RequestHeader(BRANCH) String branch, @RequestHeader(VERIFICATION) String verification) {
        return act(number, Actor.bankStaff(staff, branch, verification), sdk.administration()::unfreeze);
    }

    /**
     * Resets a PIN to a NEW PIN after checking the holder's identity (seed 002): the holder sets it
     * on the phone, which sends it as a PIN block for a fresh PIN challenge.
     *
     * @param number the shield number
     * @param pin          the new PIN, encrypted to the shield's challenge
     * @param staff        the member of staff
     * @param branch       the branch
     * @param verification the identity verification performed
     * @return the shield
     */
    @PostMapping("/shields/{number}/pin-reset")
    @Operation(summary = "reset the PIN (R4.3)")
    public Wire.Shield resetPin(@PathVariable String number, @RequestBody Wire.Pin pin, @RequestHeader(STAFF) String staff,
                                  @RequestHeader(BRANCH) String branch, @RequestHeader(VERIFICATION) String verification) {
        return act(number, Actor.bankStaff(staff, branch, verification), (n, a) -> sdk.administration().resetPin(n, a, pin.encrypted()));
    }

    /**
     * Voids a shield for good.
     *
     * @param number the shield number
     * @param staff        the member of staff
     * @param branch       the branch
     * @param verification the identity verification performed
     * @return the shield
     */
    @PostMapping("/shields/{number}/void")
    @Operation(summary = "void (R4.1)")
    public Wire.Shield voidShield(@PathVariable String number, @RequestHeader(STAFF) String staff,
                                  @RequestHeader(BRANCH) String branch, @RequestHeader(VERIFICATION) String verification) {
        return act(number, Actor.bankStaff(staff, branch, verification), sdk.administration()::voidShield);
    }

    /**
     * Checks the audit log's hash chain.
     *
     * @return the result
     */
    @GetMapping("/audit/verify")
    @Operation(summary = "check the audit log's hash chain (R1.4)")
    public Wire.AuditCheck verifyAudit() {
        var v = sdk.audit().verify();
        return new Wire.AuditCheck(v.entriesChecked(), v.intact());
    }

    private static Wire.Shield act(String number, Actor staff, BiFunction<ShieldNumber, Actor, ShieldDetails> action) {
        return Wire.Shield.of(action.apply(ShieldNumber.of(number), staff));
    }
}
