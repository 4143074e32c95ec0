package dev.codeinterp.api.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The gRPC server's TLS material, validated: none (plaintext), the server's certificate and key (TLS), or those and a
 * CA whose certificates clients must present (mutual TLS). Each value is PEM text; a value that is not PEM but names a
 * readable file is that file's text. Half a configuration (a key without a certificate, a CA without the server's
 * certificate and key) is refused, naming the variables. The key never appears in {@link #toString()}.
 *
 * @param certificateChain {@code APP_GRPC_TLS_CERT}: the server's certificate (chain), PEM; empty = no TLS
 * @param privateKey       {@code APP_GRPC_TLS_CERT_KEY}: its private key, PEM (PKCS#8); a secret
 * @param clientCa         {@code APP_GRPC_TLS_CA_CERT}: CA certificates for client certificates, PEM; empty = clients
 *                         need none
 */
public record GrpcTls(String certificateChain, String privateKey, String clientCa) {

    static final String CERT = "APP_GRPC_TLS_CERT";
    static final String KEY = "APP_GRPC_TLS_CERT_KEY";
    static final String CA = "APP_GRPC_TLS_CA_CERT";
    private static final String PEM = "-----BEGIN ";

    public GrpcTls {
        certificateChain = pem(certificateChain, CERT);
        privateKey = pem(privateKey, KEY);
        clientCa = pem(clientCa, CA);
        if (certificateChain.isEmpty() != privateKey.isEmpty()) {
            throw new IllegalArgumentException(certificateChain.isEmpty()
                    ? KEY + " is set but " + CERT + " is not: TLS needs both the certificate and its key"
                    : CERT + " is set but " + KEY + " is not: TLS needs both the certificate and its key");
        }
        if (!clientCa.isEmpty() && certificateChain.isEmpty()) {
            throw new IllegalArgumentException(CA + " is set but " + CERT + " and " + KEY + " are not: mutual TLS "
                    + "needs the server's certificate and key too");
        }
    }

    /** No TLS: the server speaks plaintext (HTTP/2 without TLS). */
    public static GrpcTls none() {
        return new GrpcTls("", "", "");
    }

    /** Whether the server speaks TLS. */
    public boolean enabled() {
        return !certificateChain.isEmpty();
    }

    /** Whether every client must present a certificate signed by {@link #clientCa()}. */
    public boolean mutual() {
        return !clientCa.isEmpty();
    }

    /** How the server is secured, for logs. */
    public String mode() {
        return mutual() ? "mutual TLS" : enabled() ? "TLS" : "plaintext";
    }

    @Override
    public String toString() {
        return "GrpcTls[" + mode() + "]";
    }

    /** The PEM text of a setting: itself, or the text of the file it names; never echoed in a message. */
    private static String pem(String value, String variable) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.contains(PEM)) {
            return text;
        }
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            throw notPem(variable);
        }
        if (!Files.isRegularFile(file)) {
            throw notPem(variable);
        }
        try {
            String content = Files.readString(file).strip();
            if (!content.contains(PEM)) {
                throw new IllegalArgumentException(variable + ": the file " + file + " holds no PEM block");
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException(variable + ": cannot read " + file, e);
        }
    }

    private static IllegalArgumentException notPem(String variable) {
        return new IllegalArgumentException(variable + " must be PEM text (-----BEGIN …) or the path of a PEM file");
    }
}
