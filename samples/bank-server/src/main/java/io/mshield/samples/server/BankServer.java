package io.mshield.samples.server;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;
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
@OpenAPIDefinition(info = @Info(title = "MobileShield sample bank server", version = "0.1.0",
        description = "The phone's and the staff's endpoints of a bank back end that embeds the MobileShield SDK. "
                + "Binary values are base64; every refusal is an RFC 9457 problem detail whose code is the SDK's ErrorCode."),
        servers = @Server(url = "/", description = "this server"))
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
