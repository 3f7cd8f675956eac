package jp.uketsuke.screening.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.uketsuke.screening.AnonymousPolicy;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.CallerScreening;

/**
 * Screening as calls see it (F4): the installation's block list, the tenant's allow and block lists (by keyed index,
 * so the number is never compared in the clear), its anonymous-caller policy, then its classifier. A tenant's lists
 * are kept for a while ({@link #REREAD} in service; read again at once after a change here, within that time after one
 * on another server sharing the database), and reading them starts a rebuild of its classifier when its labels changed elsewhere.
 */
final class CallScreeningService implements CallerScreening {

    private final ScreeningStore store;
    private final Vault vault;
    private final TenantModels models;
    private final Set<String> installationBlocked;
    static final Duration REREAD = Duration.ofSeconds(30);

    private final Map<UUID, Kept> rules = new ConcurrentHashMap<>();

    /** A tenant's rules as read, and when (System.nanoTime) they are read again. */
    private record Kept(ScreeningStore.TenantRules rules, long until) {
    }

    private final long rereadNanos;

    CallScreeningService(ScreeningStore store, Vault vault, TenantModels models, Set<String> installationBlocked,
                         Duration reread) {
        this.rereadNanos = reread.toNanos();
        this.store = store;
        this.vault = vault;
        this.models = models;
        this.installationBlocked = Set.copyOf(installationBlocked);
    }

    @Override
    public Verdict screen(CallFacts facts, String language, String words) {
        String number = facts.callerNumber() == null ? "" : PhoneNumbers.normalise(facts.callerNumber());
        ScreeningStore.TenantRules tenant = rulesOf(facts.tenantId());
        if (!number.isEmpty()) {
            if (installationBlocked.contains(number)) {
                return new Verdict(Verdict.Kind.BLOCKED, 0, "installation block list");
            }
            String index = vault.forTenant(facts.tenantId()).index(number);
            if (tenant.allowed().contains(index)) {
                return new Verdict(Verdict.Kind.ALLOWED, 0, "allow list");
            }
            if (tenant.blocked().contains(index)) {
                return new Verdict(Verdict.Kind.BLOCKED, 0, "block list");
            }
        } else if (tenant.anonymous() == AnonymousPolicy.DECLINE) {
            return new Verdict(Verdict.Kind.BLOCKED, 0, "withheld number");
        } else if (tenant.anonymous() == AnonymousPolicy.ALLOW) {
            return new Verdict(Verdict.Kind.ALLOWED, 0, "withheld number allowed");
        }
        if (words == null || words.isBlank()) {
            return new Verdict(Verdict.Kind.NOT_SCREENED, 0, "");
        }
        SalesModel model = models.of(facts.tenantId());
        double score = model.score(words);
        return model.isSales(words, score) ? new Verdict(Verdict.Kind.SALES, score, "")
                : new Verdict(Verdict.Kind.NOT_SALES, score, "");
    }

    @Override
    public List<String> phrases(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("ja") ? JAPANESE : ENGLISH;
    }

    private ScreeningStore.TenantRules rulesOf(UUID tenantId) {
        Kept kept = rules.get(tenantId);
        if (kept == null || System.nanoTime() - kept.until() > 0) {
            kept = new Kept(store.rules(tenantId), System.nanoTime() + rereadNanos);
            rules.put(tenantId, kept);
            models.rebuildUnlessFrom(tenantId, kept.rules().labels());
        }
        return kept.rules();
    }

    /** The tenant's lists or policy changed: the next call reads them again. */
    void forget(UUID tenantId) {
        rules.remove(tenantId);
    }

    /**
     * What sales callers often open with, for recognisers that need a grammar to hear anything: only what no customer
     * would say, since a grammar recogniser turns whatever it hears into one of its phrases.
     */
    private static final List<String> ENGLISH = List.of("I am calling to offer resources for your business",
            "I am calling to offer you a lower energy bill", "we help businesses like yours grow",
            "can I speak to the owner about marketing", "I would like to tell you about our services",
            "do you have a few minutes to hear about our offer", "this is a courtesy call about your business listing",
            "we can lower your processing fees");
    private static final List<String> JAPANESE = List.of("ご案内でお電話いたしました", "ご担当者様はいらっしゃいますか",
            "弊社サービスのご紹介でお電話しました", "電気料金が安くなるご案内です", "社長様はいらっしゃいますか",
            "ご提案がございましてお電話しました");
}
