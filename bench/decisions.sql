-- bench/decisions.sql: the generator of the legal decisions, 5 per
-- certificate of bench/setup.sql (102,000), ordered by certificate and date:
--   grant      d0           new_expiry e1 = d0 + 3 years - 1 day (CYC-3)
--   suspend    d0 + 400                                        (SUS-1)
--   reinstate  d0 + 450     50 days later: no SUS-2 warning; SUR-1/SUR-2 audits held
--   recertify  r = e1 - 59  new_expiry e1 + 3 years (REC-1, CYC-3 anchor = old expiry)
--   withdraw / cancel / suspend   r + 30   (by certificate id modulo 3)
-- Used as: COPY (<this query>) TO '<file>' (FORMAT csv)
SELECT p.certificate_id, x.kind, x.decided, x.decided AS effective,
       x.new_expiry, x.reason
FROM bench.plan p
CROSS JOIN LATERAL (VALUES
    (1, 'grant'::isms.decision_kind, p.d0, p.e1, 'initial certification'),
    (2, 'suspend', p.d0 + 400, NULL::date, 'client request'),
    (3, 'reinstate', p.d0 + 450, NULL, 'corrective actions verified'),
    (4, 'recertify', p.r, (p.e1 + interval '3 years')::date, 'recertification audit passed'),
    (5, p.last_kind, p.r + 30, NULL, 'end of the bench history')) AS x(n, kind, decided, new_expiry, reason)
ORDER BY p.certificate_id, x.n
