package io.mshield.samples;

import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.enrollment.SmsSender;
import io.mshield.identity.CreditCode;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.IdentityRegistry;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.UserType;
import io.mshield.transaction.HardwareKeyDirectory;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's side of the demo: its filing records, SMS gateway, face verification and USB-key
 * directory, as simple in-process stand-ins. The SMS gateway delivers codes to the simulated
 * phones' inboxes and prints only the masked number — never the code.
 */
final class DemoBank implements IdentityRegistry, SmsSender, FaceVerifier, HardwareKeyDirectory {
    static final EnterpriseId ENTERPRISE = EnterpriseId.of("xm-trading");
    static final CreditCode CREDIT_CODE = CreditCode.of("91350100M000100Y43");
    static final ResidentIdNumber ZHANG = ResidentIdNumber.of("11010519491231002X");
    static final ResidentIdNumber LI = ResidentIdNumber.of("440524188001010014");
    static final ResidentIdNumber WANG = ResidentIdNumber.of("110101199003077352");
    /** Another enterprise of the bank, to show that its legal representative cannot act on the first one's shields. */
    static final EnterpriseId OTHER_ENTERPRISE = EnterpriseId.of("sh-logistics");
    static final CreditCode OTHER_CREDIT_CODE = CreditCode.of("91310000M00020001W");
    static final ResidentIdNumber ZHAO = ResidentIdNumber.of("310104198001010017");
    static final Map<ResidentIdNumber, String> NAMES = Map.of(ZHANG, "张三", LI, "李四", WANG, "王五", ZHAO, "赵六");
    static final Map<ResidentIdNumber, String> PHONES = Map.of(ZHANG, "13800000001", LI, "13900000002", WANG, "13700000003",
            ZHAO, "13600000004");

    private final PrintStream out;
    private final Map<String, OneTimeCode> inbox = new ConcurrentHashMap<>();
    private final Set<ResidentIdNumber> usbKeys = ConcurrentHashMap.newKeySet();

    DemoBank(PrintStream out) {
        this.out = out;
        usbKeys.add(ZHANG);
    }

    @Override
    public Optional<EnterpriseFiling> filing(EnterpriseId enterprise) {
        if (enterprise.equals(OTHER_ENTERPRISE)) {
            return Optional.of(new EnterpriseFiling(OTHER_ENTERPRISE, "上海示例物流有限公司", OTHER_CREDIT_CODE, ZHAO, List.of(
                    person(ZHAO, UserType.LEGAL_REPRESENTATIVE)), 1));
        }
        if (!enterprise.equals(ENTERPRISE)) {
            return Optional.empty();
        }
        return Optional.of(new EnterpriseFiling(ENTERPRISE, "厦门示例贸易有限公司", CREDIT_CODE, ZHANG, List.of(
                person(ZHANG, UserType.LEGAL_REPRESENTATIVE), person(LI, UserType.OPERATOR), person(WANG, UserType.OPERATOR)), 1));
    }

    private static FiledPerson person(ResidentIdNumber id, UserType type) {
        return new FiledPerson(PersonName.of(NAMES.get(id)), id, type, PhoneNumber.of(PHONES.get(id)));
    }

    @Override
    public void send(PhoneNumber to, Purpose purpose, OneTimeCode code) {
        inbox.put(to.value(), OneTimeCode.of(code.digits()));
        out.println("           [SMS gateway] one-time code for " + purpose + " sent to " + to.masked());
    }

    /**
     * What the phone with this number received last.
     *
     * @param person the holder
     * @return the code
     */
    OneTimeCode lastCode(ResidentIdNumber person) {
        return inbox.get(PHONES.get(person));
    }

    @Override
    public FaceResult compare(ResidentIdNumber person, PersonName name, FaceCapture capture) {
        return new FaceResult(0.97, true, "face-" + Integer.toHexString(person.value().hashCode()));
    }

    @Override
    public boolean hasActiveHardwareKey(EnterpriseId enterprise, ResidentIdNumber person) {
        return usbKeys.contains(person);
    }
}
