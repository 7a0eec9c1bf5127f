package io.mshield.core.rules;

import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;

import java.util.Optional;

/**
 * Enrollment steps the rules' tests share, through the public API: the steps every custody mode
 * takes up to the choice of authentication, and a whole HOSTED opening (the bank makes and keeps
 * the key; no CSR from the phone).
 */
final class Enrollments {
    private Enrollments() {
    }

    /**
     * Starts an application and takes it through the agreement, the SMS code and the face comparison.
     *
     * @param w   the world
     * @param app the application
     * @return the session, at the choice of authentication
     */
    static EnrollmentSession upToAuthentication(World w, Application app) {
        EnrollmentSession s = w.sdk.enrollment().start(app);
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(app.applicant()));
        w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        return s;
    }

    /**
     * Opens a HOSTED P-256 shield for the world's DEVICE application of a person.
     *
     * @param w         the world
     * @param device    the world's application, whose person, device and account are used
     * @param requestId the request id of the HOSTED application
     * @param pin       the PIN
     * @return the active shield
     */
    static ShieldDetails openHosted(World w, Application device, String requestId, String pin) {
        EnrollmentSession s = upToAuthentication(w, new Application(requestId, device.enterprise(), device.creditCode(), device.applicant(),
                device.name(), device.userType(), device.device(), CustodyMode.HOSTED, KeyAlgorithm.EC_P256));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), pin)));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
        return w.sdk.enrollment().complete(s.id(), new byte[0]);
    }
}
