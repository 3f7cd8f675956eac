package jp.uketsuke.phones;

/** Published when a phone is removed or given a new password: whoever holds its registrations drops them. */
public record StaffPhoneRevoked(String username) {
}
