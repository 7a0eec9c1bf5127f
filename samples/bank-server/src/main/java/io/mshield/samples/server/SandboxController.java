package io.mshield.samples.server;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What stands in for the world outside the bank in the sandbox: the enterprise's filing, the
 * phones' SMS inboxes and the enterprise's super administrator, who grants operators the right to
 * hold a shield (R1.1). A production server has none of these endpoints: its people are filed with
 * the regulator, its SMS reach real phones, its enterprises' administrators log in to their own
 * console.
 */
@RestController
@RequestMapping(path = "/api/sandbox", produces = "application/json")
@Tag(name = "sandbox", description = "sandbox only: the filing, the SMS inboxes, the enterprise's administrator")
public class SandboxController {
    private final MobileShield sdk;
    private final SandboxBank bank;

    /**
     * The sandbox's endpoints.
     *
     * @param sdk  the SDK
     * @param bank the sandbox systems
     */
    public SandboxController(MobileShield sdk, SandboxBank bank) {
        this.sdk = sdk;
        this.bank = bank;
    }

    /**
     * A filed person.
     *
     * @param enterprise the enterprise
     * @param creditCode the enterprise's unified social credit code, as filed
     * @param idNumber   the ID number
     * @param name       the name
     * @param userType   LEGAL_REPRESENTATIVE or OPERATOR
     * @param phone      the filed phone number
     */
    public record Person(String enterprise, String creditCode, String idNumber, String name, String userType, String phone) {
    }

    /**
     * The sandbox enterprise's filing.
     *
     * @return its people, the legal representative first
     */
    @GetMapping("/people")
    @Operation(summary = "sandbox only: the filed people of the sandbox enterprise")
    public List<Person> people() {
        return bank.people().stream().map(SandboxController::person).toList();
    }

    private static Person person(FiledPerson p) {
        return new Person(SandboxBank.ENTERPRISE.value(), SandboxBank.CREDIT_CODE.value(), p.idNumber().value(), p.name().value(), p.type().name(), p.phone().value());
    }

    /**
     * The enterprise's super administrator grants a person the right to hold a shield.
     *
     * @param idNumber the person's ID number
     * @return the person
     */
    @PostMapping("/permissions")
    @Operation(summary = "sandbox only: the super administrator grants a person the right to hold a shield (R1.1)")
    public Person grant(@RequestBody Wire.Text idNumber) {
        ResidentIdNumber id = ResidentIdNumber.of(idNumber.value());
        FiledPerson p = bank.people().stream().filter(f -> f.idNumber().equals(id)).findFirst()
                .orElseThrow(() -> new ShieldException(ErrorCode.FILING_MISMATCH, "not filed for the sandbox enterprise"));
        if (!sdk.permissions().isEntitled(SandboxBank.ENTERPRISE, id)) {
            FiledPerson admin = bank.people().get(0);
            sdk.permissions().grant(Actor.superAdministrator("sandbox-admin", SandboxBank.ENTERPRISE, admin.idNumber()), SandboxBank.ENTERPRISE, id);
        }
        return person(p);
    }

    /**
     * A phone's SMS inbox: the last code sent to this number, read once. A real phone receives
     * the SMS instead.
     *
     * @param phone the phone number
     * @return the code
     */
    @PostMapping("/sms/{phone}")
    @Operation(summary = "sandbox only: a phone's SMS inbox, read once")
    public Wire.Text sms(@PathVariable String phone) {
        return new Wire.Text(bank.takeMessage(PhoneNumber.of(phone)).map(c -> new String(c.digits()))
                .orElseThrow(() -> new ShieldException(ErrorCode.ILLEGAL_STATE, "no message waiting for this phone")));
    }
}
