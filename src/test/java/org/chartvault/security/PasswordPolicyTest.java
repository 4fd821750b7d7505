package org.chartvault.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PasswordPolicyTest {
    private static final PasswordPolicy POLICY = new PasswordPolicy();

    /** user name, password, a phrase of the expected message (null: accepted). */
    static Stream<Arguments> passwords() {
        return Stream.of(
                arguments("jsmith", "", "enter a password"),
                arguments("jsmith", "Short1!", "at least 12"),
                arguments("jsmith", "elevenchars", "at least 12"),
                arguments("jsmith", "twelve chars", null),
                arguments("jsmith", "abcdefghijklmnop".repeat(8), null),
                arguments("jsmith", "abcde".repeat(26), "at most 128"),
                arguments("jsmith", "JSMITH-jsmith", "user name"),
                arguments("jsmith", "my name is jsmith ok", "user name"),
                arguments("jo", "jo jo jo jo jo jo", "too few different"),
                arguments("jo", "enjoy the long weekend", null),
                arguments("jsmith", "password1234", "most commonly used"),
                arguments("jsmith", "QWERTYUIOP123", "most commonly used"),
                arguments("jsmith", "123456789012", "most commonly used"),
                arguments("jsmith", "Password2025!", "common password or word"),
                arguments("jsmith", "!!Summer2025!!", "common password or word"),
                arguments("jsmith", "P@ssw0rd!2025", "common password or word"),
                arguments("jsmith", "Hospital12345", "common password or word"),
                arguments("jsmith", "chartvault2025", "common password or word"),
                arguments("jsmith", "aaaaaaaaaaaab", "too few different"),
                arguments("jsmith", "abcdabcdabcd", "too few different"),
                arguments("jsmith", "summer hospital coffee", null),
                arguments("jsmith", "Tr0ub4dor&3-Kettle", null),
                arguments("jsmith", "grüne Äpfel schmecken", null));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("passwords")
    void passwordRules(String username, String password, String expectedProblem) {
        Optional<String> problem = POLICY.problem(username, password);
        if (expectedProblem == null) {
            assertEquals(Optional.empty(), problem);
        } else {
            assertTrue(problem.isPresent(), "accepted but should not be: " + password);
            assertTrue(problem.get().contains(expectedProblem), problem.get());
        }
    }
}
