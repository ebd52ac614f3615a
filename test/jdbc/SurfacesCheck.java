// The reader surfaces through a real JDBC driver (pgjdbc): every view of
// isms_bi and isms_public reports only standard JDBC types (no
// java.sql.Types.OTHER), and a filter with a bound parameter works on
// every column of every view, on the lookup functions by body and number,
// and on the CertSearch delta.  Usage: java -cp postgresql.jar:. SurfacesCheck JDBC-URL
import java.math.BigDecimal;
import java.sql.*;
import java.time.OffsetDateTime;
import java.util.*;

public class SurfacesCheck {
    static int checks = 0;
    static List<String> failures = new ArrayList<>();

    static void fail(String what) { failures.add(what); System.out.println("FAIL " + what); }

    static String quote(String ident) { return "\"" + ident.replace("\"", "\"\"") + "\""; }

    static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v instanceof String) ps.setString(i, (String) v);
        else if (v instanceof java.sql.Date) ps.setDate(i, (java.sql.Date) v);
        else if (v instanceof Integer) ps.setInt(i, (Integer) v);
        else if (v instanceof Long) ps.setLong(i, (Long) v);
        else if (v instanceof BigDecimal) ps.setBigDecimal(i, (BigDecimal) v);
        else if (v instanceof Boolean) ps.setBoolean(i, (Boolean) v);
        else if (v instanceof Timestamp) ps.setTimestamp(i, (Timestamp) v);
        else throw new SQLException("unexpected value class " + v.getClass());
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) bind(ps, i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) { rs.next(); return rs.getLong(1); }
        }
    }

    public static void main(String[] args) throws Exception {
        Set<Integer> allowed = new HashSet<>(Arrays.asList(
            Types.VARCHAR, Types.DATE, Types.INTEGER, Types.BIGINT, Types.NUMERIC,
            Types.BIT, Types.BOOLEAN, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE));
        try (Connection c = DriverManager.getConnection(args[0])) {
            List<String> views = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(
                     "SELECT table_schema || '.' || table_name FROM information_schema.views "
                     + "WHERE table_schema IN ('isms_bi', 'isms_public') ORDER BY 1")) {
                while (rs.next()) views.add(rs.getString(1));
            }
            if (views.size() < 10) fail("expected at least 10 views, found " + views.size());
            for (String v : views) {
                int rows = 0, filtered = 0;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM " + v)) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = md.getColumnCount();
                    Object[] sample = new Object[n + 1];
                    for (int i = 1; i <= n; i++) {
                        checks++;
                        if (!allowed.contains(md.getColumnType(i)))
                            fail(v + "." + md.getColumnName(i) + " is JDBC type " + md.getColumnType(i)
                                 + " (" + md.getColumnTypeName(i) + ")");
                    }
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= n; i++) {
                            Object o = rs.getObject(i);
                            if (sample[i] == null && o != null) sample[i] = o;
                        }
                    }
                    // a bound filter on every column that has a value
                    for (int i = 1; i <= n; i++) {
                        if (sample[i] == null) continue;
                        checks++; filtered++;
                        String col = quote(md.getColumnName(i));
                        long k = count(c, "SELECT count(*) FROM " + v + " WHERE " + col + " = ?", sample[i]);
                        if (k < 1) fail(v + ": " + col + " = ? with " + sample[i] + " found nothing");
                    }
                }
                checks++;
                if (rows == 0) fail(v + " has no rows in the test registry");
                System.out.println(v + ": " + rows + " rows, " + filtered + " columns filtered with a bound parameter");
            }
            if (count(c, "SELECT count(*) FROM isms_bi.certificates") < 1) fail("isms_bi.certificates is empty");

            // the filters a BI tool builds
            checks += 5;
            if (count(c, "SELECT count(*) FROM isms_bi.certificates WHERE status = ? AND standard = ? AND cb_code = ?",
                      "active", "ISO/IEC 27001:2022", "NSCO") < 1) fail("status/standard/cb_code filter");
            if (count(c, "SELECT count(*) FROM isms_bi.certificates WHERE expiry_date BETWEEN ? AND ?",
                      java.sql.Date.valueOf("2000-01-01"), java.sql.Date.valueOf("2100-01-01")) < 1) fail("date range filter");
            if (count(c, "SELECT count(*) FROM isms_bi.monthly_status_counts WHERE month >= ? AND status_en = ?",
                      java.sql.Date.valueOf("2020-01-01"), "Active") < 1) fail("time series filter");
            if (count(c, "SELECT count(*) FROM isms_bi.certificates WHERE valid = ? AND standard_edition = ?",
                      true, 2022) < 1) fail("boolean/integer filter");
            if (count(c, "SELECT count(*) FROM isms_public.register WHERE confidential = ?", true) < 1)
                fail("confidential filter");

            // the functions by body and number, with bound parameters
            String num;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT certificate_number FROM isms_bi.certificates WHERE cb_code = 'NSCO' AND valid ORDER BY 1 LIMIT 1")) {
                rs.next(); num = rs.getString(1);
            }
            String printed = num.toLowerCase().replace('-', ' ');
            checks += 4;
            try (PreparedStatement ps = c.prepareStatement("SELECT isms.status_at(?, ?, ?)::text")) {
                ps.setString(1, "nsco"); ps.setString(2, printed);
                ps.setDate(3, new java.sql.Date(System.currentTimeMillis()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!"active".equals(rs.getString(1))) fail("status_at by number gave " + rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT found, status, valid FROM isms_public.verify(?, ?, ?)")) {
                ps.setString(1, "NSCO"); ps.setString(2, printed);
                ps.setDate(3, new java.sql.Date(System.currentTimeMillis()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1) || !rs.getBoolean(3)) fail("verify by number as printed");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT isms.certificate_id(?, ?)")) {
                ps.setString(1, "NSCO"); ps.setString(2, "NO-SUCH-NUMBER");
                ps.executeQuery();
                fail("an unknown number was found");
            } catch (SQLException e) {
                if (!"P0002".equals(e.getSQLState())) fail("unknown number: SQLSTATE " + e.getSQLState());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM isms_bi.certsearch_changed_since(?)")) {
                ps.setObject(1, OffsetDateTime.now().minusMonths(1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) < 1) fail("certsearch_changed_since found nothing");
                }
            }
        }
        System.out.println(checks + " checks, " + failures.size() + " failed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
