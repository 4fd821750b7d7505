package org.chartvault.http;

import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS from a configured keystore: the API answers over TLS, with HSTS and a Secure session cookie. */
class HttpsTest {
    private static final String STORE_PASSWORD = "keystore-password-for-tests";

    @TempDir
    Path dir;

    @Test
    void configuredKeystoreServesTheApiOverTlsWithHstsAndSecureCookies() throws Exception {
        Path keystore = dir.resolve("chartvault.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "chartvault", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD).redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        int httpsPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpsPort = socket.getLocalPort();
        }
        try (RunningChartVault server = RunningChartVault.start(dir.resolve("data"), Map.of(
                "CHARTVAULT_KEYSTORE", keystore.toString(), "CHARTVAULT_KEYSTORE_PASSWORD", STORE_PASSWORD,
                "CHARTVAULT_HTTPS_PORT", String.valueOf(httpsPort)))) {
            HttpClient tls = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            HttpResponse<String> health = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.headers().firstValue("strict-transport-security").orElse("").contains("max-age="));

            HttpResponse<String> login = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                            + RunningChartVault.ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("set-cookie").orElse(null);
            assertNotNull(cookie);
            assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly"), cookie);
        }
    }

    /** Trusts exactly the test's own self-signed certificate. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("chartvault", store.getCertificate("chartvault"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
