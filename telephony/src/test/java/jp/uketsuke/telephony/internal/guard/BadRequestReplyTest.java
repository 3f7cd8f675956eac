package jp.uketsuke.telephony.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The 400 we send for a refused request: enough to match it, nothing that could break it. */
class BadRequestReplyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String reply(String request) {
        byte[] reply = BadRequestReply.compose(bytes(request));
        return reply == null ? null : new String(reply, StandardCharsets.ISO_8859_1);
    }

    @Test
    void viaValuesAndCSeqAreCopiedEvenWithoutCallIdFromAndTo() {
        String insuf = "INVITE sip:user@example.com SIP/2.0\r\nCSeq: 193942 INVITE\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKa\r\nv: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bKb\r\n"
                + "Content-Type: application/sdp\r\nl: 3\r\n\r\nv=0";
        assertThat(reply(insuf)).isEqualTo("SIP/2.0 400 Bad Request\r\n"
                + "CSeq: 193942 INVITE\r\nVia: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKa\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bKb\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void callIdFromAndToAreCopiedOnceAndToGetsOurTag() {
        String request = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\ni: abc\r\n"
                + "f: <sip:x@y>;tag=1\r\nt: <sip:a@b>\r\nTo: <sip:second@b>\r\nCSeq: 99999999999999999999 OPTIONS\r\n\r\n";
        String reply = reply(request);
        assertThat(reply).contains("Call-ID: abc\r\n").contains("From: <sip:x@y>;tag=1\r\n")
                .containsPattern("To: <sip:a@b>;tag=[0-9a-f]{8}\r\n").doesNotContain("second")
                .contains("CSeq: 99999999999999999999 OPTIONS\r\n").endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void foldedLinesAreJoinedAndLinesWithControlCharactersLeftOut() {
        String request = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n ;branch=z9hG4bK1\r\n"
                + "Call-ID: a\u0000b\r\nFrom: <sip:x@y>\u0007;tag=1\r\nCSeq: 1 INVITE\r\n\r\n";
        String reply = reply(request);
        assertThat(reply).contains("Via: SIP/2.0/UDP h ;branch=z9hG4bK1\r\n").doesNotContain("Call-ID")
                .doesNotContain("From").doesNotContain("\u0000");
        assertThat(reply.split("\r\n\r\n", -1)).as("one header section, no body").containsExactly(
                reply.substring(0, reply.length() - 4), "");
    }

    @Test
    void aRequestWithoutViaGetsNothing() {
        assertThat(reply("INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\nCall-ID: x\r\n\r\n")).isNull();
        assertThat(reply("")).isNull();
        assertThat(reply("\r\n\r\n")).isNull();
    }

    @Test
    void responsesAndAcksAreNotAnswered() {
        assertThat(BadRequestReply.answerable(bytes("SIP/2.0 200 OK\r\n"))).isFalse();
        assertThat(BadRequestReply.answerable(bytes("\r\nACK sip:a@b SIP/2.0\r\n"))).isFalse();
        assertThat(BadRequestReply.answerable(bytes("INVITE sip:a@b SIP/2.0\r\n"))).isTrue();
        assertThat(BadRequestReply.answerable(new byte[0])).isFalse();
    }

    @Test
    void theAnswerGoesToTheViaPortOrTheSourcePortWhenRportIsAsked() {
        assertThat(BadRequestReply.topViaPort(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5070;branch=x\r\n")))
                .isEqualTo(5070);
        assertThat(BadRequestReply.topViaPort(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]:5071\r\n")))
                .isEqualTo(5071);
        assertThat(BadRequestReply.topViaPort(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]\r\n")))
                .isEqualTo(5060);
        assertThat(BadRequestReply.topViaPort(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h:99999\r\n"))).isEqualTo(5060);
        assertThat(BadRequestReply.topViaPort(bytes("R sip:a SIP/2.0\r\nVia: garbage\r\n"))).isEqualTo(5060);
        assertThat(BadRequestReply.topViaAsksForRport(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h:1;rport;branch=x\r\n")))
                .isTrue();
        assertThat(BadRequestReply.topViaAsksForRport(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h:1;branch=rport\r\n")))
                .isFalse();
    }

    @Test
    void theStacksOwnAutomatic400IsRecognised() {
        byte[] stack = bytes("SIP/2.0 400 Bad Request (Bad CSeq)\r\nVia: x\r\n\r\n");
        assertThat(BadRequestReply.isStackAutomatic(stack, 0, stack.length)).isTrue();
        byte[] ours = BadRequestReply.compose(bytes("R sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\n"));
        assertThat(BadRequestReply.isStackAutomatic(ours, 0, ours.length)).isFalse();
    }
}
