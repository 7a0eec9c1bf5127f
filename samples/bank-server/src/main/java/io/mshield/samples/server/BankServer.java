package io.mshield.samples.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample bank back end: the SDK as Spring beans ({@link ShieldConfiguration}), REST endpoints
 * for the phone ({@link PhoneController}) and for bank staff ({@link StaffController}), the PC's
 * scan-to-login and scan-to-sign pages ({@link PcController}).
 *
 * <p>{@code java -jar mshield-bank-server.jar --server.port=8080 --mshield.data=DIR}
 */
@SpringBootApplication
public class BankServer {

    /**
     * Starts the server.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=8080 --mshield.data=DIR}
     */
    public static void main(String[] args) {
        SpringApplication.run(BankServer.class, args);
    }
}
