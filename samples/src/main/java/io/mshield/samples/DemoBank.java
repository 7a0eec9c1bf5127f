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
    static final ResidentIdNumber SUN = ResidentIdNumber.of("110105198001010059");
    /** The second run's new customers: another enterprise of the bank, with its own people. */
    static final EnterpriseId FOODS = EnterpriseId.of("xm-foods");
    static final ResidentIdNumber CHEN = ResidentIdNumber.of("350203198503150016");
    static final ResidentIdNumber LIN = ResidentIdNumber.of("350203199006200021");
    static final ResidentIdNumber HUANG = ResidentIdNumber.of("35020319920808003X");
    static final ResidentIdNumber ZHOU = ResidentIdNumber.of("350203198809090060");
    static final Map<ResidentIdNumber, String> NAMES = Map.of(ZHANG, "张三", LI, "李四", WANG, "王五", ZHAO, "赵六", SUN, "孙七",
            CHEN, "陈一", LIN, "林二", HUANG, "黄三", ZHOU, "周八");
    static final Map<ResidentIdNumber, String> PHONES = Map.of(ZHANG, "13800000001", LI, "13900000002", WANG, "13700000003",
            ZHAO, "13600000004", SUN, "13500000005", CHEN, "13800000011", LIN, "13900000012", HUANG, "13700000013", ZHOU, "13500000015");

    /**
     * The customers one walkthrough serves: an enterprise, its legal representative (also its super
     * administrator and a holder of a USB key) and three operators. A second run on the same
     * {@code --data} walks through again with {@link #SECOND}.
     *
     * @param tag            prefixed to device and account ids, so that each cohort has its own phones
     * @param enterprise     the enterprise
     * @param enterpriseName its registered name
     * @param creditCode     its unified social credit code
     * @param zhang          the legal representative
     * @param li             an operator (hosted SM2 shield)
     * @param wang           an operator (collaborative SM2 shield)
     * @param sun            an operator (device P-256 shield)
     */
    record Cohort(String tag, EnterpriseId enterprise, String enterpriseName, CreditCode creditCode, ResidentIdNumber zhang,
                  ResidentIdNumber li, ResidentIdNumber wang, ResidentIdNumber sun) {
        List<ResidentIdNumber> people() {
            return List.of(zhang, li, wang, sun);
        }
    }

    static final Cohort FIRST = new Cohort("", ENTERPRISE, "厦门示例贸易有限公司", CREDIT_CODE, ZHANG, LI, WANG, SUN);
    static final Cohort SECOND = new Cohort("b-", FOODS, "厦门示例食品有限公司", CreditCode.of("91350200M00030003M"), CHEN, LIN, HUANG, ZHOU);

    private final PrintStream out;
    private final Map<String, OneTimeCode> inbox = new ConcurrentHashMap<>();
    private final Set<ResidentIdNumber> usbKeys = ConcurrentHashMap.newKeySet();
    private final Map<ResidentIdNumber, String> renamed = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong revision = new java.util.concurrent.atomic.AtomicLong(1);

    DemoBank(PrintStream out) {
        this.out = out;
        usbKeys.add(ZHANG);
        usbKeys.add(CHEN);
    }

    @Override
    public Optional<EnterpriseFiling> filing(EnterpriseId enterprise) {
        if (enterprise.equals(OTHER_ENTERPRISE)) {
            return Optional.of(new EnterpriseFiling(OTHER_ENTERPRISE, "上海示例物流有限公司", OTHER_CREDIT_CODE, ZHAO, List.of(
                    person(ZHAO, UserType.LEGAL_REPRESENTATIVE)), 1));
        }
        for (Cohort c : List.of(FIRST, SECOND)) {
            if (enterprise.equals(c.enterprise())) {
                return Optional.of(new EnterpriseFiling(c.enterprise(), c.enterpriseName(), c.creditCode(), c.zhang(), List.of(
                        person(c.zhang(), UserType.LEGAL_REPRESENTATIVE), person(c.li(), UserType.OPERATOR), person(c.wang(), UserType.OPERATOR),
                        person(c.sun(), UserType.OPERATOR)), revision.get()));
            }
        }
        return Optional.empty();
    }

    private FiledPerson person(ResidentIdNumber id, UserType type) {
        return new FiledPerson(PersonName.of(renamed.getOrDefault(id, NAMES.get(id))), id, type, PhoneNumber.of(PHONES.get(id)));
    }

    /**
     * The filing changes: a person on the enterprises' filings is now registered under another name
     * (a new revision, so their shields may renew at once and the new certificate takes the name, R3.4).
     *
     * @param person the person
     * @param name   the filed name from now on
     */
    void rename(ResidentIdNumber person, String name) {
        renamed.put(person, name);
        revision.incrementAndGet();
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
