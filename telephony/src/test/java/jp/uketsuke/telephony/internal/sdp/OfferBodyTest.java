package jp.uketsuke.telephony.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session description found in plain and multipart INVITE bodies, and what hostile bodies get. */
class OfferBodyTest {

    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n";
    /** Octets a text reading would mangle: NUL, CR and LF inside, and a line that starts like a delimiter. */
    private static final byte[] BINARY = {0x30, (byte) 0x82, 0x00, 0x00, 0x0D, 0x0A, '-', '-', 'b', 'x', (byte) 0xFF};

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] multipart(String boundary, Object... partsAndTexts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("preamble, ignored\r\n"));
        for (Object part : partsAndTexts) {
            out.writeBytes(bytes("--" + boundary + "\r\n"));
            out.writeBytes(part instanceof byte[] raw ? raw : bytes((String) part));
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("--" + boundary + "--\r\nepilogue, ignored\r\n"));
        return out.toByteArray();
    }

    private static byte[] binaryPart(String headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(headers + "\r\n"));
        out.writeBytes(BINARY);
        return out.toByteArray();
    }

    private static OfferBody.Found multipartOf(String boundary, byte[] body) {
        return OfferBody.of("multipart", "mixed", boundary, body);
    }

    @Test
    void aPlainSdpBodyIsTheOffer() {
        assertThat(OfferBody.of("Application", "SDP", null, bytes(SDP))).isEqualTo(new OfferBody.Sdp(SDP));
    }

    @Test
    void theSdpPartOfAMultipartBodyIsFoundPastABinaryPart() {
        byte[] body = multipart("b", binaryPart("Content-Type: application/octet-stream\r\n"),
                "Content-Type: application/sdp\r\n\r\n" + SDP);
        assertThat(multipartOf("b", body)).isEqualTo(new OfferBody.Sdp(SDP));
        assertThat(OfferBody.of("multipart", "related", "b", body)).isEqualTo(new OfferBody.Sdp(SDP));
    }

    @Test
    void lineEndingsOfLfAloneAndAMissingCloseDelimiterAreTolerated() {
        String lf = "--b\nContent-Type: application/sdp\n\n" + SDP.replace("\r\n", "\n") + "\n--b--\n";
        assertThat(multipartOf("b", bytes(lf))).isEqualTo(new OfferBody.Sdp(SDP.replace("\r\n", "\n")));
        String unclosed = "--b\r\nContent-Type: application/sdp\r\n\r\n" + SDP;
        assertThat(multipartOf("b", bytes(unclosed))).isEqualTo(new OfferBody.Sdp(SDP));
    }

    @Test
    void aQuotedBoundaryWithSpacesAndAWordStartingLikeItAreReadRight() {
        byte[] body = multipart("a b:c", "Content-Type: text/plain\r\n\r\n--a b:cd is not a delimiter",
                "Content-Type: application/sdp; charset=utf-8\r\n\r\n" + SDP);
        assertThat(multipartOf("a b:c", body)).isEqualTo(new OfferBody.Sdp(SDP));
    }

    @Test
    void anSdpPartNestedInAnotherMultipartIsFound() {
        byte[] inner = multipart("inner", "Content-Type: application/sdp\r\n\r\n" + SDP);
        byte[] outer = multipart("outer", "Content-Type: text/plain\r\n\r\nhello",
                "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
                        + new String(inner, StandardCharsets.ISO_8859_1));
        assertThat(multipartOf("outer", outer)).isEqualTo(new OfferBody.Sdp(SDP));
    }

    @Test
    void aMissingOrInvalidBoundaryIsMalformed() {
        byte[] body = multipart("b", "Content-Type: application/sdp\r\n\r\n" + SDP);
        assertThat(multipartOf(null, body)).isInstanceOf(OfferBody.Malformed.class);
        assertThat(multipartOf("", body)).isInstanceOf(OfferBody.Malformed.class);
        assertThat(multipartOf("x".repeat(71), body)).isInstanceOf(OfferBody.Malformed.class);
        assertThat(multipartOf("b\r\nInjected: yes", body)).isInstanceOf(OfferBody.Malformed.class);
        assertThat(multipartOf("other", body)).as("a boundary that never occurs").isInstanceOf(OfferBody.Malformed.class);
        assertThat(multipartOf("b", bytes(SDP))).as("no delimiter at all").isInstanceOf(OfferBody.Malformed.class);
    }

    @Test
    void hugePartCountsAndDeepNestingAreRefused() {
        Object[] parts = new Object[OfferBody.MAX_PARTS + 1];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = "Content-Type: text/plain\r\n\r\npart " + i;
        }
        parts[parts.length - 1] = "Content-Type: application/sdp\r\n\r\n" + SDP;
        assertThat(multipartOf("b", multipart("b", parts))).isInstanceOf(OfferBody.Malformed.class);
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            flood.append("--b\r\n\r\n");
        }
        assertThat(multipartOf("b", bytes(flood.toString()))).isInstanceOf(OfferBody.Malformed.class);

        String nested = "Content-Type: application/sdp\r\n\r\n" + SDP;
        for (int depth = 0; depth < OfferBody.MAX_DEPTH + 1; depth++) {
            nested = "Content-Type: multipart/mixed; boundary=d" + depth + "\r\n\r\n"
                    + new String(multipart("d" + depth, nested), StandardCharsets.ISO_8859_1);
        }
        String body = nested.substring(nested.indexOf("\r\n\r\n") + 4);
        assertThat(multipartOf("d" + OfferBody.MAX_DEPTH, bytes(body))).isInstanceOf(OfferBody.Malformed.class);
    }

    @Test
    void aBodyWithoutAnSdpWeCanReadIsUnsupported() {
        assertThat(multipartOf("b", multipart("b", binaryPart("Content-Type: application/octet-stream\r\n"),
                "Content-Type: text/plain\r\n\r\nno offer here"))).isInstanceOf(OfferBody.Unsupported.class);
        assertThat(multipartOf("b", multipart("b", "Content-Type: application/sdp\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\ndj0wDQo="))).isInstanceOf(OfferBody.Unsupported.class);
        assertThat(multipartOf("b", multipart("b", "Content-Type: application/sdp\r\n"
                + "Content-Disposition: early-session\r\n\r\n" + SDP)))
                .as("an early-session SDP is not the offer").isInstanceOf(OfferBody.Unsupported.class);
        assertThat(OfferBody.of("application", "unknownformat", null, bytes(SDP))).isInstanceOf(OfferBody.Unsupported.class);
        assertThat(OfferBody.of(null, null, null, bytes(SDP))).isInstanceOf(OfferBody.Unsupported.class);
    }

    @Test
    void aPartWeCannotReadThatIsRequiredMakesTheBodyUnsupported() {
        byte[] body = multipart("b", binaryPart("Content-Type: application/x-secret\r\n"
                + "Content-Disposition: render; handling=required\r\n"), "Content-Type: application/sdp\r\n\r\n" + SDP);
        assertThat(multipartOf("b", body)).isInstanceOf(OfferBody.Unsupported.class);
    }

    @Test
    void randomBodiesNeverThrow() {
        Random random = new Random(4475);
        for (int i = 0; i < 2000; i++) {
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            if (i % 2 == 0) {
                // give the parser something to bite on: delimiters and header-like lines at random places
                String text = new String(body, StandardCharsets.ISO_8859_1);
                int cut = text.isEmpty() ? 0 : random.nextInt(text.length());
                body = bytes("--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" + text.substring(0, cut)
                        + "\r\n--b\r\nContent-Type: application/sdp\r\n\r\n" + text.substring(cut) + "\r\n--b--");
            }
            byte[] hostile = body;
            assertThatCode(() -> multipartOf("b", hostile)).doesNotThrowAnyException();
        }
    }
}
