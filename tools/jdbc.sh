#!/usr/bin/env bash
# The reader surfaces through a real JDBC client (test/jdbc/SurfacesCheck.java,
# pgjdbc): no view column of JDBC type OTHER, bound parameters on every
# column.  Needs a JDK and pgjdbc (Debian: default-jdk-headless,
# libpostgresql-jdbc-java, about 250 MB).  They are installed with apt-get
# when CI=true or ISMS_JDBC=1 (about 20 s with a warm package cache);
# otherwise, if they are missing, the suite is skipped with a message.
# Runs its own throwaway cluster, listening on 127.0.0.1 (JDBC speaks TCP).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
jar=/usr/share/java/postgresql.jar

if ! command -v javac >/dev/null || [ ! -f "$jar" ]; then
    if [ "${CI:-}" = true ] || [ "${ISMS_JDBC:-}" = 1 ]; then
        echo "installing default-jdk-headless libpostgresql-jdbc-java"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends default-jdk-headless libpostgresql-jdbc-java >/dev/null ||
            { apt-get update -qq && apt-get install -y -qq --no-install-recommends default-jdk-headless libpostgresql-jdbc-java >/dev/null; }
    else
        echo "jdbc: skipped (no JDK or pgjdbc; set ISMS_JDBC=1 to install them with apt-get, about 250 MB)"
        exit 0
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$jar" test/jdbc/SurfacesCheck.java

# a free port on the loopback interface
for _ in $(seq 50); do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done

ISMS_TCP_PORT=$port PG_CONFIG=$PG_CONFIG bash tools/cluster.sh bash -c '
    set -euo pipefail
    createdb isms_jdbc
    psql -X -q -v ON_ERROR_STOP=1 -d isms_jdbc -c "SET client_min_messages = warning" -c "CREATE EXTENSION isms CASCADE"
    psql -X -q -v ON_ERROR_STOP=1 -d isms_jdbc -f demo/sample_registry.sql >/dev/null
    # a confidential client, a site, a long suspension (SUS-2): every view
    # has rows and every column values
    psql -X -q -v ON_ERROR_STOP=1 -d isms_jdbc \
        -c "UPDATE isms.organisation SET confidential = true, postal_code = '\''060-0005'\'' WHERE id = 2" \
        -c "UPDATE isms.organisation SET postal_code = '\''100-0005'\'' WHERE id = 1" \
        -c "INSERT INTO isms.site (organisation_id, name, street, city, postal_code, country) VALUES (1, '\''Head office'\'', '\''2-4-1 Marunouchi'\'', '\''Tokyo'\'', '\''100-0005'\'', '\''JP'\'')" \
        -c "INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id) SELECT c.id, 1, 1 FROM isms.certificate c WHERE c.organisation_id = 1" \
        -c "INSERT INTO isms.register_confirmation (cb_id) VALUES (1)" \
        -c "INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
            SELECT c.id, '\''suspend'\'', isms.today() - 200, '\''client request'\'' FROM isms.certificate c
             WHERE c.status = '\''active'\'' AND c.base_certificate_id IS NULL AND c.expiry_date > isms.today()
               AND NOT EXISTS (SELECT 1 FROM isms.certificate a WHERE a.base_certificate_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM isms.decision d WHERE d.certificate_id = c.id AND d.effective_date >= isms.today() - 200)
             ORDER BY c.id LIMIT 1"
    java -cp "'"$jar:$work"'" SurfacesCheck "jdbc:postgresql://127.0.0.1:$PGPORT/isms_jdbc?user=postgres"
'
