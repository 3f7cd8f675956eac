package jp.uketsuke.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated transcripts: ordinary Japanese and English speech, with short numbers of its own, and phone numbers,
 * card numbers, My Numbers and e-mail addresses written every way a recogniser or a person writes them. After
 * redaction no number that passes its check survives, nor ten digits in a row, and the ordinary text is all there.
 * Seeded, so a failure names the case that reproduces it.
 */
class RedactionPropertyTest {

    private static final int CASES = 20_000;
    private static final String[] CONTEXT = {
            "お電話ありがとうございます", "明日の15時半に伺います", "予約は2名で", "料金は1,500円です", "12月24日の19時から",
            "担当の田中です", "折り返しお願いします", "番号は", "I would like to book a table", "for four people at seven",
            "my number is", "please call me back", "第3営業部の", "会員番号 1234-5678", "午後3時から5時まで", "Oh, I see",
            "注文番号は12345", "大阪市の店舗", "3階の301号室", "2026-12-07の10:30", "one or two", "ご住所は", "メールは",
            "Thank you", "the card ending", "平日9時から18時", "50%オフ", "第1四半期", "room 1203", "価格は12,800円"};
    private static final String[] JOINERS = {"。", "、", " and ", "です。", "、あと", "! ", "? ", "でした。"};
    private static final String[] HYPHENS = {"-", "‐", "－", "ー", "―", " ", "", "・", "."};
    private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    private static final String KANJI = "〇一二三四五六七八九";
    private static final Pattern DIGIT_WORD = Pattern.compile("(?i)(?<![a-z])(zero|oh|one|two|three|four|five|six|seven|eight|nine)(?![a-z])");
    private static final String SEPARATORS = "[\\s\\-‐‑‒–—―−ー－()（）.．,，/／・]";

    @Test
    void noNumberPassingItsCheckSurvivesRedaction() {
        long seed = 20261207L;
        Random random = new Random(seed);
        for (int c = 0; c < CASES; c++) {
            List<String> secrets = new ArrayList<>();
            List<String> context = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            var text = new StringBuilder();
            int pieces = 1 + random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                if (p > 0) {
                    text.append(pick(random, JOINERS));
                }
                if (random.nextInt(3) == 0) {
                    String fragment = pick(random, CONTEXT);
                    context.add(fragment);
                    text.append(fragment);
                } else {
                    if (random.nextInt(5) == 0) {
                        String address = address(random);
                        addresses.add(address);
                        text.append(address);
                        continue;
                    }
                    String secret = switch (random.nextInt(4)) {
                        case 0 -> phone(random);
                        case 1 -> card(random);
                        case 2 -> myNumber(random);
                        default -> email(random);
                    };
                    secrets.add(secret);
                    text.append(write(random, secret));
                }
            }
            String original = text.toString();
            String redacted = Redactor.redact(original);
            String digits = digitsRunTogether(redacted);
            String why = "case %d of seed %d: %s → %s".formatted(c, seed, original, redacted);
            for (Matcher run = Pattern.compile("[0-9]+").matcher(digits); run.find(); ) {
                String d = run.group();
                assertThat(d.length()).as(why).isLessThan(10);
            }
            for (String secret : secrets) {
                assertThat(digits).as(why).doesNotContain(secret.replace("+", ""));
                if (secret.contains("@")) {
                    assertThat(redacted).as(why).doesNotContain(secret);
                }
            }
            for (String address : addresses) {
                // neither the town with its block number nor the postal code is left
                assertThat(redacted).as(why).doesNotContain(address.substring(address.length() - 6));
                if (address.startsWith("〒")) {
                    assertThat(redacted).as(why).doesNotContain(address.substring(0, 9));
                }
            }
            for (String fragment : context) {
                assertThat(redacted).as(why).contains(fragment);
            }
        }
    }

    @Test
    void theGeneratedNumbersPassTheirChecks() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            String card = card(random);
            assertThat(Redactor.find(card)).as(card).extracting(Finding::kind).containsExactly(Kind.CARD);
            String myNumber = myNumber(random);
            assertThat(Redactor.find(myNumber)).as(myNumber).extracting(Finding::kind).containsAnyOf(Kind.MY_NUMBER, Kind.PHONE);
        }
    }

    /** The redacted text as the checks read it: every digit ASCII, every separator gone, so split numbers join again. */
    private static String digitsRunTogether(String text) {
        String s = DIGIT_WORD.matcher(text).replaceAll(m -> {
            String w = m.group(1).toLowerCase();
            return String.valueOf(w.equals("oh") ? 0 : List.of(WORDS).indexOf(w));
        });
        var sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            int k = KANJI.indexOf(cp);
            if (cp == '零') {
                sb.append('0');
            } else if (k >= 0) {
                sb.append((char) ('0' + k));
            } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                sb.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString().replaceAll(SEPARATORS, "");
    }

    private static String phone(Random r) {
        String number = switch (r.nextInt(7)) {
            case 0 -> "0" + (7 + r.nextInt(3)) + "0" + digits(r, 8);          // 070/080/090
            case 1 -> "050" + digits(r, 8);
            case 2 -> "0120" + digits(r, 6);
            case 3 -> "0800" + digits(r, 7);
            case 4 -> "0570" + digits(r, 6);
            case 5 -> "0" + (1 + r.nextInt(9)) + digits(r, 8);                 // 0X-XXXX-XXXX
            default -> "0" + (1 + r.nextInt(9)) + (1 + r.nextInt(9)) + digits(r, 7);
        };
        return switch (r.nextInt(4)) {
            case 0 -> "+81" + number.substring(1);
            case 1 -> "+810" + number.substring(1);
            default -> number;
        };
    }

    private static String card(Random r) {
        String prefix = switch (r.nextInt(4)) {
            case 0 -> "4";
            case 1 -> "5" + (1 + r.nextInt(5));
            case 2 -> "35";
            default -> "37";
        };
        int length = prefix.equals("37") ? 15 : 13 + r.nextInt(7);
        String body = prefix + digits(r, length - prefix.length() - 1);
        for (int check = 0; check <= 9; check++) {
            if (luhn(body + check)) {
                return body + check;
            }
        }
        throw new AssertionError();
    }

    private static String myNumber(Random r) {
        String body = digits(r, 11);
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            sum += (body.charAt(11 - n) - '0') * (n <= 6 ? n + 1 : n - 5);
        }
        int remainder = sum % 11;
        return body + (remainder <= 1 ? 0 : 11 - remainder);
    }

    private static final String[] PLACES = {"東京都千代田区丸の内", "東京都港区芝公園", "港区六本木", "大阪府大阪市北区梅田",
            "大阪市北区梅田", "埼玉県さいたま市浦和区高砂", "北海道札幌市中央区北1条西", "神奈川県横浜市中区山下町", "京都府京都市左京区",
            "福岡県福岡市博多区博多駅前", "愛知県名古屋市中村区名駅", "沖縄県那覇市泉崎"};

    /** A Japanese address down to its block number, sometimes after its postal code. */
    private static String address(Random r) {
        int a = 1 + r.nextInt(9);
        int b = 1 + r.nextInt(30);
        int c = 1 + r.nextInt(20);
        String block = switch (r.nextInt(5)) {
            case 0 -> a + "-" + b + "-" + c;
            case 1 -> a + "丁目" + b + "番" + c + "号";
            case 2 -> KANJI.charAt(a) + "丁目" + b + "-" + c;
            case 3 -> fullWidth(a + "-" + b + "-" + c);
            default -> a + "丁目" + b + "番地";
        };
        String postal = r.nextBoolean() ? "〒" + digits(r, 3) + "-" + digits(r, 4) + (r.nextBoolean() ? " " : "") : "";
        return postal + pick(r, PLACES) + block;
    }

    private static String email(Random r) {
        String[] names = {"taro", "hanako.yamada", "info", "k_sato", "09012345678", "support+calls"};
        String[] domains = {"example.jp", "example.co.jp", "docomo.ne.jp", "mail.example.com", "ex-ample.org"};
        return pick(r, names) + (r.nextBoolean() ? r.nextInt(100) : "") + "@" + pick(r, domains);
    }

    /** A secret written as a transcript might hold it: grouped or not, in one script or several, or in words. */
    private static String write(Random r, String secret) {
        if (secret.contains("@")) {
            return r.nextInt(4) == 0 ? fullWidth(secret) : secret;
        }
        String plus = secret.startsWith("+") ? (r.nextBoolean() ? "+" : "plus ") : "";
        String d = secret.replace("+", "");
        String hyphen = pick(r, HYPHENS);
        int style = r.nextInt(5);
        var out = new StringBuilder(plus);
        for (int i = 0; i < d.length(); i++) {
            if (i > 0 && r.nextInt(4) == 0) {
                out.append(style == 3 ? " " : hyphen);
            }
            int digit = d.charAt(i) - '0';
            switch (style) {
                case 0 -> out.append(d.charAt(i));
                case 1 -> out.append((char) ('０' + digit));
                case 2 -> out.append(KANJI.charAt(digit));
                case 3 -> out.append(i > 0 ? " " : "").append(digit == 0 && r.nextBoolean() ? "oh" : WORDS[digit]);
                default -> out.append(switch (r.nextInt(3)) {
                    case 0 -> d.charAt(i);
                    case 1 -> (char) ('０' + digit);
                    default -> KANJI.charAt(digit);
                });
            }
        }
        return out.toString();
    }

    private static String fullWidth(String s) {
        var sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : c);
        }
        return sb.toString();
    }

    private static boolean luhn(String d) {
        int sum = 0;
        for (int i = 0; i < d.length(); i++) {
            int digit = d.charAt(d.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static String digits(Random r, int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}
