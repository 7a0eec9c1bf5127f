package io.mshield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Test helper: asserts that a call throws {@link ShieldException} with a given code. */
public final class ShieldAssertions {
    private ShieldAssertions() {
    }

    /** A call that is expected to throw. */
    @FunctionalInterface
    public interface Call {
        /**
         * Runs the call.
         *
         * @throws Throwable whatever it throws
         */
        void run() throws Throwable;
    }

    /**
     * Runs the call and returns its {@link ShieldException}, failing unless it throws one with the code.
     *
     * @param code the expected code
     * @param call the call
     * @return the exception, for further assertions
     */
    public static ShieldException assertShieldError(ErrorCode code, Call call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).as("expected ShieldException with " + code).isInstanceOf(ShieldException.class);
        ShieldException e = (ShieldException) t;
        assertThat(e.code()).as("code of: " + e.getMessage()).isEqualTo(code);
        return e;
    }
}
