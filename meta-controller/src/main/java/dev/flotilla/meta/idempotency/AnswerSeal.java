package dev.flotilla.meta.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys and seals for stored answers. The database holds neither the {@code Idempotency-Key} nor anything it can be
 * computed back from cheaply: rows are found by a SHA-256 of caller and key, and a body is sealed with AES-256-GCM
 * under another SHA-256 of caller and key. Only a caller presenting the key again can open the answer, so a
 * one-time secret in it (a bootstrap token) is not readable from the database or its backups.
 */
public final class AnswerSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] sealKey;
    private final String lookupHash;

    private AnswerSeal(String caller, String key) {
        this.lookupHash = HexFormat.of().formatHex(sha256("flotilla-idempotency-lookup", caller, key));
        this.sealKey = sha256("flotilla-idempotency-seal", caller, key);
    }

    static AnswerSeal of(String caller, String key) {
        return new AnswerSeal(caller, key);
    }

    /** The row's key: a hex SHA-256 of caller and key. */
    String lookupHash() {
        return lookupHash;
    }

    byte[] seal(byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sealKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an answer", e);
        }
    }

    byte[] open(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sealKey, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored answer does not open with its key", e);
        }
    }

    /** A hex SHA-256 of any text (the request fingerprint). */
    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String purpose, String caller, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {purpose, caller, key}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
