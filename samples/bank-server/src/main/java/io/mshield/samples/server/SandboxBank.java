package io.mshield.samples.server;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's own systems as the sample server's stand-ins: one enterprise filing with three people,
 * an SMS gateway whose messages land in a sandbox inbox (the simulator reads its phone's inbox
 * there, as a real phone would receive the SMS), a face service that accepts every capture, and a
 * USB-key directory in which only the legal representative has a key. A real bank replaces this
 * class with adapters to its own systems. Codes are never logged: only the masked number.
 */
public final class SandboxBank implements IdentityRegistry, SmsSender, FaceVerifier, HardwareKeyDirectory {
    /** The sandbox enterprise. */
    public static final EnterpriseId ENTERPRISE = EnterpriseId.of("xm-trading");
    private static final Logger LOG = LoggerFactory.getLogger(SandboxBank.class);
    /** The sandbox enterprise's unified social credit code, as filed. */
    public static final CreditCode CREDIT_CODE = CreditCode.of("91350100M000100Y43");
    /** How many operators the filing lists besides the legal representative. */
    public static final int OPERATORS = 40;
    private static final FiledPerson LEGAL_REPRESENTATIVE = person("张三", "11010519491231002X", UserType.LEGAL_REPRESENTATIVE, "13800000001");
    private static final List<FiledPerson> PEOPLE = filed();

    private final Map<String, OneTimeCode> inbox = new ConcurrentHashMap<>();

    private static List<FiledPerson> filed() {
        List<FiledPerson> people = new ArrayList<>();
        people.add(LEGAL_REPRESENTATIVE);
        for (int i = 1; i <= OPERATORS; i++) {
            String first17 = String.format("35020319900101%03d", i);
            people.add(person(String.format("操作员%02d", i), first17 + ResidentIdNumber.checkCharacter(first17), UserType.OPERATOR,
                    String.format("1390000%04d", i)));
        }
        return List.copyOf(people);
    }

    private static FiledPerson person(String name, String id, UserType type, String phone) {
        return new FiledPerson(PersonName.of(name), ResidentIdNumber.of(id), type, PhoneNumber.of(phone));
    }

    /**
     * The people of the sandbox enterprise's filing: its legal representative first (who is also
     * its super administrator and has a USB key), then the operators.
     *
     * @return the people
     */
    public List<FiledPerson> people() {
        return PEOPLE;
    }

    @Override
    public Optional<EnterpriseFiling> filing(EnterpriseId enterprise) {
        if (!enterprise.equals(ENTERPRISE)) {
            return Optional.empty();
        }
        return Optional.of(new EnterpriseFiling(ENTERPRISE, "厦门示例贸易有限公司", CREDIT_CODE, LEGAL_REPRESENTATIVE.idNumber(), PEOPLE, 1));
    }

    @Override
    public void send(PhoneNumber to, Purpose purpose, OneTimeCode code) {
        inbox.put(to.value(), OneTimeCode.of(code.digits()));
        LOG.info("SMS for {} sent to {}", purpose, to.masked());
    }

    /**
     * The last code sent to a phone number, taken out of the inbox (read once, like a message).
     *
     * @param phone the phone number
     * @return the code, if one is waiting
     */
    public Optional<OneTimeCode> takeMessage(PhoneNumber phone) {
        return Optional.ofNullable(inbox.remove(phone.value()));
    }

    @Override
    public FaceResult compare(ResidentIdNumber person, PersonName name, FaceCapture capture) {
        return new FaceResult(0.97, true, "sandbox-face");
    }

    @Override
    public boolean hasActiveHardwareKey(EnterpriseId enterprise, ResidentIdNumber person) {
        return ENTERPRISE.equals(enterprise) && LEGAL_REPRESENTATIVE.idNumber().equals(person);
    }
}
