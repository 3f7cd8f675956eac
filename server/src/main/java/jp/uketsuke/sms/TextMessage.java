package jp.uketsuke.sms;

import java.time.Instant;
import java.util.UUID;

/**
 * One text message of a call, as staff see it on the call's record.
 *
 * @param destination the number masked ({@code 090-****-5678}); the whole number is never shown
 * @param status      queued, sending, sent, delivered, failed or refused
 * @param lastError   why the last try failed or why it was refused (a code and the provider's words), or null
 */
public record TextMessage(UUID id, Instant createdAt, String text, String destination, String status, int attempts,
                          String lastError, Instant updatedAt) {
}
