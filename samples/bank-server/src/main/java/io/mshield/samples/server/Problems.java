package io.mshield.samples.server;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.net.URI;

/**
 * Every refusal as an RFC 9457 problem detail ({@code application/problem+json}) carrying the
 * SDK's {@link ErrorCode}: {@code type} is {@code urn:mshield:error:CODE}, {@code title} the code,
 * {@code detail} the SDK's message (which never holds a secret), and the extension members
 * {@code code}, {@code category} and, after a wrong PIN, {@code attemptsLeft}.
 *
 * <p>The HTTP status follows the code's category ({@link #status(ErrorCode)}); a body that is not
 * JSON or has a value of the wrong type is INVALID_ARGUMENT with 400.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private final ShieldMetrics metrics;

    /**
     * Problems counted in the metrics.
     *
     * @param metrics the metrics
     */
    public Problems(ShieldMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The HTTP status of a code.
     *
     * @param code the code
     * @return 400 bad input, 403 not allowed or wrong PIN, 404 unknown shield or key, 409 wrong
     *         state or step, 422 refused payment or bad signature, 429 rate limited, 503 the bank's
     *         systems failed
     */
    public static HttpStatus status(ErrorCode code) {
        switch (code) {
            case SHIELD_NOT_FOUND, KEY_NOT_FOUND:
                return HttpStatus.NOT_FOUND;
            case OTP_RATE_LIMITED, FACE_RATE_LIMITED:
                return HttpStatus.TOO_MANY_REQUESTS;
            case PIN_BLOCK_INVALID:
                return HttpStatus.BAD_REQUEST;
            default:
                break;
        }
        return switch (code.category()) {
            case INPUT -> HttpStatus.BAD_REQUEST;
            case PERMISSION, PIN -> HttpStatus.FORBIDDEN;
            case ENROLLMENT, STATE -> HttpStatus.CONFLICT;
            case TRANSACTION, CRYPTO -> HttpStatus.UNPROCESSABLE_CONTENT;
            case INFRASTRUCTURE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /**
     * A refusal of the SDK.
     *
     * @param e the refusal
     * @return the problem
     */
    @ExceptionHandler(ShieldException.class)
    public ProblemDetail shield(ShieldException e) {
        metrics.refused(e.code());
        LOG.info("refused: {}", e.code());
        ProblemDetail p = problem(e.code(), message(e));
        e.attemptsLeft().ifPresent(n -> p.setProperty("attemptsLeft", n));
        return p;
    }

    /**
     * A body that is not JSON, or a value of the wrong type.
     *
     * @param e the error
     * @return the problem
     */
    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class, MissingRequestHeaderException.class})
    public ProblemDetail unreadable(Exception e) {
        metrics.refused(ErrorCode.INVALID_ARGUMENT);
        return problem(ErrorCode.INVALID_ARGUMENT, "the request is not well-formed: malformed JSON, a value of the wrong type or a missing header");
    }

    /**
     * A missing field (a record's null check) or a name that is not one of an enum's constants.
     *
     * @param e the error
     * @return the problem
     */
    @ExceptionHandler({IllegalArgumentException.class, NullPointerException.class})
    public ProblemDetail invalid(RuntimeException e) {
        metrics.refused(ErrorCode.INVALID_ARGUMENT);
        return problem(ErrorCode.INVALID_ARGUMENT, e instanceof NullPointerException
                ? "a required field is missing" : "a value is not one of those allowed");
    }

    private static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status(code), detail);
        p.setType(URI.create("urn:mshield:error:" + code.name()));
        p.setTitle(code.name());
        p.setProperty("code", code.name());
        p.setProperty("category", code.category().name());
        return p;
    }

    private static String message(ShieldException e) {
        String m = e.getMessage();
        String prefix = "[" + e.code() + "] ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
