package jp.uketsuke.phones;

/**
 * What to enter in the phone, shown once: the password is not kept anywhere in readable form.
 *
 * @param username digest username and the user part of the phone's SIP address
 * @param password the generated password (about 140 bits)
 * @param realm    the digest realm the registrar challenges with
 */
public record NewStaffPhone(String extension, String username, String password, String realm) {

    @Override
    public String toString() {
        return "NewStaffPhone[extension=" + extension + ", username=" + username + ", password=(hidden), realm="
                + realm + "]";
    }
}
