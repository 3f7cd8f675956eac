package jp.uketsuke.identity.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AnyAuthenticated;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The second sign-in step (TOTP or recovery code) and TOTP enrolment with its QR code. */
@Controller
class MfaController {

    static final String ISSUER = "Uketsuke";
    /** The secret being enrolled lives only in the session until a code proves the app has it. */
    private static final String PENDING_SECRET = "uketsuke.mfa.pending";

    private final UserAccounts accounts;
    private final MfaCredentials mfa;
    private final LoginThrottle throttle;
    private final SignIn signIn;
    private final AuditLog audit;
    private final Clock clock;

    MfaController(UserAccounts accounts, MfaCredentials mfa, LoginThrottle throttle, SignIn signIn, AuditLog audit,
                  Clock clock) {
        this.accounts = accounts;
        this.mfa = mfa;
        this.throttle = throttle;
        this.signIn = signIn;
        this.audit = audit;
        this.clock = clock;
    }

    @AnyAuthenticated
    @GetMapping("/login/mfa")
    String verifyForm() {
        return "mfa-verify";
    }

    @AnyAuthenticated
    @PostMapping("/login/mfa")
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        UserAccount account = currentAccount();
        String actor = "user:" + account.username();
        String address = request.getRemoteAddr();
        // letters mean a recovery code; TOTP codes are digits only
        boolean recovery = MfaCredentials.normaliseRecoveryCode(code).chars().anyMatch(Character::isLetter);
        boolean accepted = !throttle.blocked(account.username(), address)
                && (recovery ? mfa.acceptRecoveryCode(account, code) : mfa.acceptTotp(account, code));
        if (!accepted) {
            throttle.failed(account.username(), address);
            audit.record(new AuditEvent(actor, account.tenantId(), "mfa.verify", actor, address, AuditEvent.DENIED));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "mfa.error");
            return "mfa-verify";
        }
        if (recovery) {
            audit.record(new AuditEvent(actor, account.tenantId(), "mfa.recovery_code.use", actor, address, AuditEvent.OK));
        } else {
            audit.record(new AuditEvent(actor, account.tenantId(), "mfa.verify", actor, address, AuditEvent.OK));
        }
        signIn.finish(account, request, response);
        return "redirect:/";
    }

    @AnyAuthenticated
    @GetMapping("/mfa/enroll")
    String enrollForm(HttpSession session, Model model) {
        UserAccount account = currentAccount();
        model.addAttribute("complete", SignIn.complete(auth()));
        if (mfa.enrolled(account.id())) {
            model.addAttribute("unusedRecoveryCodes", mfa.unusedRecoveryCodes(account.id()));
            return "mfa-enabled";
        }
        byte[] secret = pendingSecret(session);
        model.addAttribute("secret", Base32.encode(secret).replaceAll("(.{4})(?!$)", "$1 "));
        return "mfa-enroll";
    }

    /**
     * The QR code of the otpauth URI, as a PNG of its own so that the page needs no data: URL or script. There is one
     * only while an enrolment is under way; otherwise the answer is 409, as the state of the account does not allow it.
     */
    @AnyAuthenticated
    @GetMapping(value = "/mfa/enroll/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> enrollQr(HttpSession session) throws IOException {
        UserAccount account = currentAccount();
        Object secret = session.getAttribute(PENDING_SECRET);
        if (mfa.enrolled(account.id()) || !(secret instanceof byte[] bytes)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).build();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png(otpauthUri(account.username(), bytes)));
    }

    @AnyAuthenticated
    @PostMapping("/mfa/enroll")
    String enroll(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        UserAccount account = currentAccount();
        String actor = "user:" + account.username();
        String address = request.getRemoteAddr();
        if (mfa.enrolled(account.id())) {
            return "redirect:/mfa/enroll";
        }
        HttpSession session = request.getSession();
        byte[] secret = pendingSecret(session);
        OptionalLong step = throttle.blocked(account.username(), address)
                ? OptionalLong.empty() : Totp.matchingStep(secret, code, clock.instant());
        if (step.isEmpty()) {
            throttle.failed(account.username(), address);
            audit.record(new AuditEvent(actor, account.tenantId(), "mfa.enroll", actor, address, AuditEvent.DENIED));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("complete", SignIn.complete(auth()));
            model.addAttribute("secret", Base32.encode(secret).replaceAll("(.{4})(?!$)", "$1 "));
            model.addAttribute("error", "mfa.error");
            return "mfa-enroll";
        }
        List<String> codes = mfa.enrol(account, secret, step.getAsLong());
        session.removeAttribute(PENDING_SECRET);
        audit.record(new AuditEvent(actor, account.tenantId(), "mfa.enroll", actor, address, AuditEvent.OK));
        if (!SignIn.complete(auth())) {
            signIn.finish(account, request, response);
        }
        model.addAttribute("codes", codes);
        return "mfa-recovery";
    }

    static String otpauthUri(String username, byte[] secret) {
        String label = URLEncoder.encode(ISSUER + ":" + username, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP.toSeconds();
    }

    private static byte[] png(String text) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 240, 240, Map.of(EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalStateException("otpauth URI does not fit a QR code", e);
        }
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] pendingSecret(HttpSession session) {
        if (session.getAttribute(PENDING_SECRET) instanceof byte[] secret) {
            return secret;
        }
        byte[] secret = MfaCredentials.newSecret();
        session.setAttribute(PENDING_SECRET, secret);
        return secret;
    }

    private static Authentication auth() {
        return SecurityContextHolder.getContext().getAuthentication();
    }

    private UserAccount currentAccount() {
        Authentication auth = auth();
        if (auth != null && auth.getPrincipal() instanceof ConsoleUser user) {
            return accounts.find(user.getUsername()).orElseThrow(() -> new IllegalStateException("account removed"));
        }
        throw new IllegalStateException("no signed-in account");
    }
}
