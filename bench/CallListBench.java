import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import jp.uketsuke.audit.internal.AppendOnlyTableMigration;
import jp.uketsuke.calls.CallCursor;
import jp.uketsuke.calls.CallListRequest;
import jp.uketsuke.calls.CallQuery;
import jp.uketsuke.calls.internal.CallListSql;
import org.flywaydb.core.Flyway;

/**
 * The call list's statements on a million calls (bench/call-list.sh): migrates a fresh schema with the application's
 * own migrations, seeds calls, summaries, tags and recordings with generate_series, then runs each list statement
 * (built by the application's CallListSql, so what is measured is what the console runs) N times and prints
 * p50/p95/max. Decrypting and masking the page's caller numbers (about 50 AEAD opens) is not included.
 *
 *   java -cp <server classes and dependencies> bench/CallListBench.java <jdbc-url> <schema> <calls> <runs> [explain]
 */
public class CallListBench {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        int calls = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        boolean explain = args.length > 4 && args[4].equals("explain");
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Connection admin = DriverManager.getConnection(url, "postgres", "")) {
            admin.createStatement().execute("create schema " + schema);
        }
        try {
            run(schemaUrl, calls, runs, explain);
        } finally {
            try (Connection admin = DriverManager.getConnection(url, "postgres", "")) {
                admin.createStatement().execute("drop schema " + schema + " cascade");
            }
        }
    }

    static void run(String url, int calls, int runs, boolean explain) throws Exception {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration")
                .javaMigrations(AppendOnlyTableMigration.auditEvents(), AppendOnlyTableMigration.auditCheckpoints())
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            long t0 = System.nanoTime();
            seed(c, calls);
            System.err.printf("seeded %,d calls in %.1f s%n", calls, (System.nanoTime() - t0) / 1e9);
            UUID big = uuid(c, "select tenant_id from calls group by tenant_id order by count(*) desc limit 1");
            UUID small = uuid(c, "select tenant_id from calls group by tenant_id order by count(*) asc limit 1");
            long bigCount = single(c, "select count(*) from calls where tenant_id = '" + big + "'");
            String someIndex = string(c, "select caller_index from calls where tenant_id = '" + big
                    + "' and caller_index is not null limit 1 offset 500");
            Instant latest = instant(c, "select max(started_at) from calls");
            LocalDate lastDay = latest.atZone(CallListRequest.JAPAN).toLocalDate();
            // a position deep in the big tenant's list: where the 100,000th newest call is (or the middle)
            long depth = Math.min(100_000, bigCount / 2);
            CallCursor deep = cursor(c, big, depth);
            CallCursor deepMessages = cursorWhere(c, big, "and outcome = 'MESSAGE_TAKEN'", depth / 5);
            Set<String> categories = Set.of("INQUIRY", "APPOINTMENT", "CALLBACK", "COMPLAINT", "SALES", "MESSAGE", "OTHER");
            Map<String, Supplier<CallListSql.Statement>> queries = new LinkedHashMap<>();
            queries.put("first page, big tenant (" + bigCount + " calls)", () -> page(big, req(), categories, null));
            queries.put("first page, small tenant", () -> page(small, req(), categories, null));
            queries.put("status=OPEN", () -> page(big, req("status", "OPEN"), categories, null));
            queries.put("messages waiting (MESSAGE_TAKEN, OPEN)", () -> page(big,
                    new CallListRequest(null, null, "OPEN", "MESSAGE_TAKEN", null, null, null, null, null, null, null), categories, null));
            queries.put("blocked=hide", () -> page(big, req("blocked", "hide"), categories, null));
            queries.put("blocked=only", () -> page(big, req("blocked", "only"), categories, null));
            queries.put("category=COMPLAINT", () -> page(big, req("category", "COMPLAINT"), categories, null));
            queries.put("tag=VIP", () -> page(big, req("tag", "VIP"), categories, null));
            queries.put("tag=none such", () -> page(big, req("tag", "nobody uses this"), categories, null));
            queries.put("tag=VIP, OPEN", () -> page(big,
                    new CallListRequest(null, null, "OPEN", null, null, "VIP", null, null, null, null, null), categories, null));
            queries.put("tag=VIP, deep keyset page", () -> page(big, req("tag", "VIP"), categories, deep));
            queries.put("mine (assignee)", () -> page(big, req("mine", "1"), categories, null));
            queries.put("last 7 days", () -> page(big, new CallListRequest(lastDay.minusDays(6).toString(),
                    lastDay.toString(), null, null, null, null, null, null, null, null, null), categories, null));
            queries.put("combined: 30 days, OPEN, COMPLAINT, no sales", () -> page(big, new CallListRequest(
                    lastDay.minusDays(29).toString(), lastDay.toString(), "OPEN", null, "COMPLAINT", null, "hide", null,
                    null, null, null), categories, null));
            queries.put("deep keyset page (after " + depth + " calls)", () -> page(big, req(), categories, deep));
            queries.put("deep keyset page, MESSAGE_TAKEN", () -> page(big, req("outcome", "MESSAGE_TAKEN"), categories,
                    deepMessages));
            queries.put("caller search (keyed index)", () -> {
                CallQuery q = req("caller", "09012345678").toQuery(big, "user:op1", categories, 50);
                return CallListSql.page(q, someIndex, 51);
            });
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
            }
            System.out.println("| query | p50 ms | p95 ms | max ms | rows |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            for (var e : queries.entrySet()) {
                CallListSql.Statement statement = e.getValue().get();
                if (explain) {
                    explain(c, e.getKey(), statement);
                }
                double[] ms = new double[runs];
                int rows = 0;
                for (int i = 0; i < runs + 3; i++) {
                    long start = System.nanoTime();
                    rows = execute(c, statement);
                    if (i >= 3) { // three warm-up runs
                        ms[i - 3] = (System.nanoTime() - start) / 1e6;
                    }
                }
                Arrays.sort(ms);
                System.out.printf("| %s | %.1f | %.1f | %.1f | %d |%n", e.getKey(), ms[runs / 2],
                        ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)], ms[runs - 1], rows);
            }
        }
    }

    static CallListRequest req() {
        return CallListRequest.none();
    }

    static CallListRequest req(String name, String value) {
        return new CallListRequest(name.equals("from") ? value : null, name.equals("to") ? value : null,
                name.equals("status") ? value : null, name.equals("outcome") ? value : null,
                name.equals("category") ? value : null, name.equals("tag") ? value : null,
                name.equals("blocked") ? value : null, name.equals("mine") ? value : null,
                name.equals("caller") ? value : null, null, null);
    }

    static CallListSql.Statement page(UUID tenant, CallListRequest request, Set<String> categories, CallCursor after) {
        CallQuery q = request.toQuery(tenant, "user:op1", categories, 50);
        q = new CallQuery(q.tenantId(), q.from(), q.to(), q.status(), q.outcome(), q.category(), q.tag(), q.blocked(),
                q.assignee(), q.caller(), q.callerRef(), after, q.limit());
        return CallListSql.page(q, null, 51);
    }

    static CallCursor cursor(Connection c, UUID tenant, long offset) throws Exception {
        return cursorWhere(c, tenant, "", offset);
    }

    static CallCursor cursorWhere(Connection c, UUID tenant, String where, long offset) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select started_at, id from calls where tenant_id = ? " + where
                + " order by started_at desc, id desc offset ? limit 1")) {
            s.setObject(1, tenant);
            s.setLong(2, offset);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new CallCursor(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class),
                        new byte[8]);
            }
        }
    }

    static int execute(Connection c, CallListSql.Statement statement) throws Exception {
        try (PreparedStatement s = c.prepareStatement(statement.sql())) {
            for (int i = 0; i < statement.params().size(); i++) {
                s.setObject(i + 1, statement.params().get(i));
            }
            int rows = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rs.getBytes(5);
                    rows++;
                }
            }
            return rows;
        }
    }

    static void explain(Connection c, String name, CallListSql.Statement statement) throws Exception {
        try (PreparedStatement s = c.prepareStatement("explain (analyze, buffers) " + statement.sql())) {
            for (int i = 0; i < statement.params().size(); i++) {
                s.setObject(i + 1, statement.params().get(i));
            }
            System.err.println("== " + name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    System.err.println(rs.getString(1));
                }
            }
        }
    }

    /**
     * 40 tenants, a few large (an agency's big clients) and many small; a year of calls, mostly in business hours;
     * outcomes, statuses (older calls mostly done), assignees, summaries with categories, tags and recordings in
     * realistic shares.
     */
    static void seed(Connection c, int calls) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    insert into tenants (id, name, status, language, created_at)
                    select md5('tenant' || g)::uuid, 'Tenant ' || g, 'ACTIVE', 'ja', now() from generate_series(1, 40) g""");
            s.execute("set synchronous_commit = off");
            s.execute("""
                    insert into calls (id, tenant_id, node_id, started_at, ended_at, outcome, caller_number, caller_index,
                                       dialed_number, flow_version, status, assignee, status_changed_at)
                    select md5('call' || g)::uuid,
                           md5('tenant' || (1 + floor(40 * power(random(), 2.5)))::int)::uuid,
                           'bench', st, st + interval '90 seconds',
                           case when st > now() - interval '3 minutes' then 'IN_PROGRESS' else
                             (array['FAQ_ANSWERED','FAQ_ANSWERED','FAQ_ANSWERED','MESSAGE_TAKEN','MESSAGE_TAKEN',
                                    'CALLER_HUNG_UP','CALLER_HUNG_UP','BLOCKED','COMPLETED','TRANSFERRED'])[1 + floor(random() * 10)::int]
                           end,
                           decode(md5('n' || g) || md5('m' || g), 'hex'),
                           md5('caller' || floor(random() * 200000)::int),
                           '0500000000', 1,
                           case when st < now() - interval '14 days' then
                                  (array['DONE','DONE','DONE','DONE','DONE','DONE','DONE','DONE','OPEN','IN_PROGRESS'])[1 + floor(random() * 10)::int]
                                else (array['OPEN','OPEN','OPEN','IN_PROGRESS','DONE'])[1 + floor(random() * 5)::int] end,
                           case when random() < 0.3 then 'user:op' || (1 + floor(random() * 10)::int) end,
                           st + interval '1 hour'
                    from (select g, date_trunc('day', now()) - (floor(random() * 365) || ' days')::interval
                                    + ((8 + floor(random() * 11)) || ' hours')::interval
                                    + (floor(random() * 3600) || ' seconds')::interval
                                    + (g %% 1000 || ' microseconds')::interval as st
                          from generate_series(1, %d) g) x""".formatted(calls));
            s.execute("""
                    insert into call_summaries (call_id, tenant_id, method, summary, created_at, category)
                    select id, tenant_id, 'OFFLINE', decode(repeat(md5(id::text), 6), 'hex'), ended_at,
                           (array['INQUIRY','INQUIRY','INQUIRY','APPOINTMENT','APPOINTMENT','CALLBACK','COMPLAINT',
                                  'SALES','MESSAGE','OTHER'])[1 + floor(random() * 10)::int]
                    from calls where outcome <> 'IN_PROGRESS' and random() < 0.9""");
            s.execute("""
                    insert into call_tags (call_id, tenant_id, tag, started_at)
                    select id, tenant_id, (array['VIP','クレーム','再確認','見積','要折返し'])[1 + floor(random() * 5)::int],
                           started_at
                    from calls where random() < 0.05""");
            s.execute("""
                    insert into recordings (call_id, path, sample_rate, channels, pcm_bytes, started_at)
                    select id, 'recordings/' || id, 8000, 2, 1440000, started_at from calls where random() < 0.5""");
        }
    }

    static UUID uuid(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }

    static long single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String string(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Instant instant(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
