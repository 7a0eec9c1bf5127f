package io.mshield.crypto.internal.csr;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DerShapeTest {

    @ParameterizedTest(name = "{0} der={1} ber={2}")
    @CsvSource(delimiter = '|', textBlock = """
            3003020101             | ok                         | ok
            30800201010000         | indefinite length          | ok
            3080308002010100000000 | indefinite length          | ok
            308002010100           | indefinite length          | unexpected end-of-contents or tag zero
            3080020101             | indefinite length          | missing end-of-contents
            0280                   | indefinite length          | indefinite length on a primitive value
            3000                   | ok                         | ok
            30                     | too short                  | too short
            300000                 | data after the outer value | data after the outer value
            308002010100000000     | indefinite length          | data after the outer value
            30040000020101         | unexpected end-of-contents or tag zero | unexpected end-of-contents or tag zero
            308103020101           | non-minimal length         | non-minimal length
            3005020101             | length beyond the enclosing value | length beyond the enclosing value
            2403040101             | constructed BIT STRING or OCTET STRING | ok
            """)
    @DisplayName("R10.3 DER and BER shapes: definite, indefinite, unclosed, stray end-of-contents")
    void shapes(String hex, String derProblem, String berProblem) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(DerShape.problem(bytes, 8, false)).isEqualTo(expected(derProblem));
        assertThat(DerShape.problem(bytes, 8, true)).isEqualTo(expected(berProblem));
    }

    @ParameterizedTest
    @CsvSource({"2, true", "1, false"})
    @DisplayName("R10.3 nesting deeper than the limit is refused, indefinite or not")
    void depth(int maxDepth, boolean accepted) {
        byte[] definite = HexFormat.of().parseHex("30053003020101");
        byte[] indefinite = HexFormat.of().parseHex("3080308002010100000000");
        assertThat(DerShape.problem(definite, maxDepth, false)).isEqualTo(accepted ? Optional.empty() : Optional.of("nested too deeply"));
        assertThat(DerShape.problem(indefinite, maxDepth, true)).isEqualTo(accepted ? Optional.empty() : Optional.of("nested too deeply"));
    }

    private static Optional<String> expected(String problem) {
        return problem.equals("ok") ? Optional.empty() : Optional.of(problem);
    }
}
