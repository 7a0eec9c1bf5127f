package io.mshield.benchmarks;

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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's adapters as the benchmarks need them: enterprise {@code ent-N} is filed with one
 * person, its super administrator, whose ID number and phone are derived from N; SMS codes are
 * kept for the enrollment to read back; faces always match. None of this is measured.
 */
final class BenchBank implements SmsSender, FaceVerifier, IdentityRegistry, HardwareKeyDirectory {
    static final CreditCode CREDIT_CODE = CreditCode.of("91350100M000100Y43");
    private final Map<String, OneTimeCode> inbox = new ConcurrentHashMap<>();

    static EnterpriseId enterprise(int n) {
        return EnterpriseId.of("ent-" + n);
    }

    static ResidentIdNumber person(int n) {
        String first17 = "11010519800101" + String.format("%03d", n % 1000);
        return ResidentIdNumber.of(first17 + ResidentIdNumber.checkCharacter(first17));
    }

    static PhoneNumber phone(int n) {
        return PhoneNumber.of("138" + String.format("%08d", n));
    }

    @Override
    public Optional<EnterpriseFiling> filing(EnterpriseId enterprise) {
        if (!enterprise.value().startsWith("ent-")) {
            return Optional.empty();
        }
        int n = Integer.parseInt(enterprise.value().substring(4));
        return Optional.of(new EnterpriseFiling(enterprise, "基准测试有限公司" + n, CREDIT_CODE, person(n),
                List.of(new FiledPerson(PersonName.of("测试" + (char) ('甲' + n % 10)), person(n), UserType.LEGAL_REPRESENTATIVE, phone(n))), 1));
    }

    @Override
    public void send(PhoneNumber to, Purpose purpose, OneTimeCode code) {
        inbox.put(to.value(), OneTimeCode.of(code.digits()));
    }

    OneTimeCode lastCode(int n) {
        return inbox.get(phone(n).value());
    }

    @Override
    public FaceResult compare(ResidentIdNumber person, PersonName name, FaceCapture capture) {
        return new FaceResult(0.99, true, "bench");
    }

    @Override
    public boolean hasActiveHardwareKey(EnterpriseId enterprise, ResidentIdNumber person) {
        return true;
    }
}
