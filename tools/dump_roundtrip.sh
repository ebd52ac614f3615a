#!/usr/bin/env bash
# Dump round trip: load the demo registry, pg_dump it, restore it into a new
# database (with triggers off, as README.md says), and check that both
# databases hold the same registry and that the rules still hold afterwards.
# Runs inside a cluster (tools/suites.sh); needs PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for db in isms_dump_src isms_dump_dst; do dropdb --if-exists "$db"; createdb "$db"; done
psql -X -q -v ON_ERROR_STOP=1 -d isms_dump_src -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION isms CASCADE"
psql -X -q -v ON_ERROR_STOP=1 -d isms_dump_src -f demo/sample_registry.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d isms_dump_src \
     -c "INSERT INTO isms.scheme_setting (scheme, restoration_months) VALUES ('ISMS', 5)" \
     -c "INSERT INTO isms.scheme (code, name) VALUES ('LOCAL', 'a scheme of our own')" \
     -c "INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days) VALUES ('LOCAL', 50, 3, 1, 2)" \
     -c "INSERT INTO isms.personnel_body (code, name) VALUES ('PB', 'a personnel body')" \
     -c "INSERT INTO isms.auditor (name) VALUES ('an auditor')" \
     -c "INSERT INTO isms.auditor_registration (auditor_id, body_id, grade, valid_from) SELECT a.id, b.id, 'lead auditor', '2020-01-01' FROM isms.auditor a, isms.personnel_body b" \
     -c "INSERT INTO isms.site (organisation_id, name, street, city, postal_code, country) SELECT id, 'Head office', '1-1', city, '100-0001', 'JP' FROM isms.organisation" \
     -c "INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id) SELECT c.id, s.id, s.organisation_id FROM isms.certificate c JOIN isms.site s USING (organisation_id)" \
     -c "INSERT INTO isms.register_confirmation (cb_id, note) SELECT id, 'current' FROM isms.certification_body"

pg_dump -Fc -f "$work/registry.dump" isms_dump_src 2>/dev/null
PGOPTIONS='-c session_replication_role=replica' pg_restore -d isms_dump_dst "$work/registry.dump"

fingerprint() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
  SELECT format('%s', c.*) AS t FROM isms.certificate c
  UNION ALL SELECT format('%s', a.*) FROM isms.audit a
  UNION ALL SELECT format('%s', d.id || d.kind::text || d.decision_date || coalesce(d.corrects, 0)) FROM isms.decision d
  UNION ALL SELECT format('%s', s.*) FROM isms.scheme_setting s
  UNION ALL SELECT format('%s', s.*) FROM isms.scheme s
  UNION ALL SELECT format('%s', s.*) FROM isms.standard s
  UNION ALL SELECT format('%s', x.*) FROM isms.accreditation x
  UNION ALL SELECT format('%s', o.*) FROM isms.organisation o
  UNION ALL SELECT format('%s', t.*) FROM isms.audit_time t
  UNION ALL SELECT format('%s', p.*) FROM isms.personnel_body p
  UNION ALL SELECT format('%s', u.*) FROM isms.auditor u
  UNION ALL SELECT format('%s', r.*) FROM isms.auditor_registration r
  UNION ALL SELECT format('%s', s.*) FROM isms.site s
  UNION ALL SELECT format('%s', s.*) FROM isms.certificate_site s
  UNION ALL SELECT format('%s', r.*) FROM isms.register_confirmation r) q;
SQL
}
src=$(fingerprint isms_dump_src)
dst=$(fingerprint isms_dump_dst)
[ "$src" = "$dst" ] || { echo "restored registry differs: $src vs $dst"; exit 1; }

# After the restore, the rules are on again and identities continue.
psql -X -q -v ON_ERROR_STOP=1 -d isms_dump_dst <<'SQL'
DO $$
DECLARE n bigint;
BEGIN
  SELECT count(*) INTO n FROM isms.certificate c
   WHERE c.status <> isms.status_at(c.id, current_date);
  IF n <> 0 THEN RAISE EXCEPTION '% certificates differ from status_at', n; END IF;
  BEGIN
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    SELECT id, 'reinstate', current_date FROM isms.certificate WHERE status = 'withdrawn' LIMIT 1;
    RAISE EXCEPTION 'an illegal decision was accepted after the restore';
  EXCEPTION WHEN object_not_in_prerequisite_state THEN NULL;
  END;
  INSERT INTO isms.organisation (name) VALUES ('after the restore');
  INSERT INTO isms.auditor (name) VALUES ('after the restore');
  INSERT INTO isms.site (organisation_id, name) SELECT min(id), 'after the restore' FROM isms.organisation;
  INSERT INTO isms.register_confirmation (cb_id) SELECT min(id) FROM isms.certification_body;
  -- external ids and number keys came back as they were
  IF (SELECT count(*) FROM isms.certificate c
       WHERE c.number_key IS DISTINCT FROM isms.number_key(c.certificate_number)) <> 0 THEN
    RAISE EXCEPTION 'number_key differs after the restore';
  END IF;
END $$;
SQL
echo "dump round trip: registry identical ($src), rules enforced after restore"
