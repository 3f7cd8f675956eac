package jp.uketsuke.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0500000000", "+81500000000", "81500000000", "050-000-0000", "050 000 0000", "(050) 000-0000",
            "tel:+81-50-000-0000", "tel:0500000000;phone-context=example.jp", "sip:0500000000@192.0.2.1;user=phone",
            "sips:+81500000000@pbx.example.jp", "０５０－０００－００００", "+81 (0)50 000 0000", " 0500000000 ",
            "050ー000ー0000"})
    void everyFormOfANationalNumberBecomesTheNationalForm(String raw) {
        assertThat(PhoneNumbers.normalise(raw)).isEqualTo("0500000000");
    }

    @ParameterizedTest
    @CsvSource({
            "090-1234-5678, 09012345678",
            "+819012345678, 09012345678",
            "03-1234-5678, 0312345678",
            "0120-123-456, 0120123456",
            "+1 415 555 0100, +14155550100",
            "tel:+44-20-7946-0958, +442079460958"})
    void numbersKeepAllTheirDigits(String raw, String expected) {
        assertThat(PhoneNumbers.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "anonymous", "Anonymous", "unavailable", "sip:alice@example.jp", "0", "110", "050", "0500000000000",
            "00500000000", "+0500000000", "+123", "05-00+00-0000", "0500000000' or '1'='1", "0500000000\u0000",
            "<script>0500000000</script>", "٠٥٠٠٠٠٠٠٠٠", "050\n000\n0000x", "-----", "+",
            "0500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"})
    void anythingElseIsNotANumber(String raw) {
        assertThat(PhoneNumbers.normalise(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "09012345678, 090-****-5678",
            "090-1234-5678, 090-****-5678",
            "+81500000000, 050-****-0000",
            "0312345678, 031-****-5678",
            "+14155550100, +14-****-0100"})
    void maskKeepsTheFirstThreeAndLastFourDigits(String number, String masked) {
        assertThat(PhoneNumbers.mask(number)).isEqualTo(masked);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"anonymous", "12"})
    void maskOfANonNumberIsEmpty(String raw) {
        assertThat(PhoneNumbers.mask(raw)).isEmpty();
    }
}
