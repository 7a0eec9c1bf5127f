package io.mshield.samples.phone;

import com.fasterxml.jackson.databind.JsonNode;
import io.mshield.crypto.KeyAlgorithm;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The phone simulator's command line. One run is one phone: it enrolls, then carries out the
 * commands in order against the server.
 *
 * <pre>
 * java -jar mshield-phone-sim.jar [--server URL] [--person N] [--custody DEVICE|HOSTED|COLLABORATIVE]
 *      [--algorithm SM2|EC_P256|...] [--pin 135790] COMMAND...
 *   enroll                 open the shield (always done first)
 *   pay AMOUNT             pay AMOUNT CNY to a sample payee
 *   scan-png FILE          scan the QR code in a PNG file and approve it
 *   scan-url URL           fetch a QR code's PNG (e.g. the login page's image) and approve it
 *   check-pin PIN          check a PIN (a wrong one counts)
 * </pre>
 *
 * The phone's keys live only in the process (the COLLABORATIVE share masked by the PIN, as a
 * real phone stores it); {@code --person N} is the N-th person of the sandbox filing (0 is the legal
 * representative, 1 to 40 operators), each of whom can hold one shield.
 */
public final class PhoneSim {
    private PhoneSim() {
    }

    /**
     * Runs the simulator.
     *
     * @param args the options and commands
     */
    public static void main(String[] args) {
        try {
            run(List.of(args), System.out);
        } catch (BankClient.Refused e) {
            System.err.println("refused: " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the simulator, printing to {@code out}.
     *
     * @param args the options and commands
     * @param out  where to print
     * @return the phone, enrolled
     */
    public static SimPhone run(List<String> args, PrintStream out) {
        Deque<String> a = new ArrayDeque<>(args);
        String server = "http://localhost:8080";
        int person = 1;
        String custody = "DEVICE";
        KeyAlgorithm algorithm = null;
        String pin = "135790";
        while (!a.isEmpty() && a.peek().startsWith("--")) {
            String option = a.pop();
            String value = a.pop();
            switch (option) {
                case "--server" -> server = value;
                case "--person" -> person = Integer.parseInt(value);
                case "--custody" -> custody = value;
                case "--algorithm" -> algorithm = KeyAlgorithm.valueOf(value);
                case "--pin" -> pin = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (algorithm == null) {
            algorithm = custody.equals("DEVICE") ? KeyAlgorithm.EC_P256 : KeyAlgorithm.SM2;
        }
        BankClient bank = new BankClient(URI.create(server));
        SimPhone.Person owner = SimPhone.sandboxPerson(bank, person);
        SimPhone phone = new SimPhone(bank, owner, "sim-" + owner.phone());
        JsonNode shield = phone.enroll(custody, algorithm, pin);
        out.println("enrolled " + shield.path("number").asText() + " for " + shield.path("holder").asText() + ": "
                + shield.path("custody").asText() + " " + shield.path("algorithm").asText() + ", " + shield.path("status").asText());
        while (!a.isEmpty()) {
            String command = a.pop();
            switch (command) {
                case "enroll" -> { }
                case "pay" -> {
                    JsonNode r = phone.pay(a.pop(), "上海供应商有限公司", "6222000000000002", pin);
                    out.println("paid: " + (r.has("signatureId") ? "signed, signature " + r.path("signatureId").asText()
                            : r.path("outcome").asText() + " " + r.path("code").asText("")));
                }
                case "scan-png" -> out.println("approved: " + approved(phone.scanAndApprove(QrCodes.read(read(Path.of(a.pop()))), pin)));
                case "scan-url" -> out.println("approved: " + approved(phone.scanAndApprove(QrCodes.read(bank.bytes(a.pop())), pin)));
                case "check-pin" -> out.println("PIN: " + phone.checkPin(a.pop()));
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
        return phone;
    }

    private static String approved(JsonNode challenge) {
        return challenge.path("purpose").asText() + " " + challenge.path("state").asText() + " (" + challenge.path("displayText").asText() + ")";
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
