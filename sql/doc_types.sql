-- doc_types: the SQL examples of doc/scope.md and doc/stdref.md, as written
-- (tools/doc_examples.sh checks that each one appears here), on the tables
-- the pages name: certs (a column scope isms.scope) and cert (a column
-- standard isms.stdref).
CREATE TEMP TABLE certs (id integer PRIMARY KEY, scope isms.scope NOT NULL);
INSERT INTO certs VALUES
    (1, '{site:Tokyo/Shinjuku HQ, service:cloud/IaaS}'),
    (2, '{site:Tokyo}'),
    (3, '{site:Tokyo/HQ/3F, unit:IT}'),
    (4, '{site:Osaka}'),
    (5, '{}');
-- doc/scope.md
-- (example)
SELECT '{site:Tokyo/Shinjuku HQ, service:cloud/IaaS, unit:IT Department, role:provider}'::isms.scope;
-- {role:provider, service:cloud/IaaS, site:Tokyo/Shinjuku HQ, unit:IT Department}

-- Which certificates cover this site?  (answered from a GIN index)
SELECT id FROM certs WHERE scope @> 'site:Tokyo/Shinjuku HQ/Floor 3';
-- (example)
SELECT 'site:Tokyo/HQ, site:Tokyo, unit:IT, site:Tokyo'::isms.scope;   -- {site:Tokyo, unit:IT}
-- (example)
CREATE INDEX ON certs USING gin (scope);
SELECT id FROM certs WHERE scope @> 'site:Tokyo/HQ';   -- certificates covering Tokyo/HQ
SELECT id FROM certs WHERE scope && 'site:Tokyo';      -- certificates touching Tokyo
-- the GIN index answers the containment and overlap queries, with the same rows
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM certs WHERE scope @> 'site:Tokyo/Shinjuku HQ/Floor 3';
SELECT id FROM certs WHERE scope @> 'site:Tokyo/Shinjuku HQ/Floor 3';
SELECT id FROM certs WHERE scope @> 'site:Tokyo/HQ';
SELECT id FROM certs WHERE scope && 'site:Tokyo';
RESET enable_seqscan;
DROP TABLE certs;
CREATE TEMP TABLE cert (id integer PRIMARY KEY, standard isms.stdref NOT NULL);
INSERT INTO cert VALUES
    (1, 'ISO/IEC 27001:2013'),
    (2, 'ISO/IEC 27001:2022'),
    (3, 'JIS Q 27001:2023'),
    (4, 'ISO/IEC 27017:2015'),
    (5, 'ISO/IEC 27001:2022/Amd 1:2024');
-- doc/stdref.md
-- (example)
SELECT 'iso/iec 27001:2022+A1:2024'::isms.stdref;          -- ISO/IEC 27001:2022/Amd 1:2024
SELECT 'ＪＩＳ　Ｑ　２７００１：２０２３'::isms.stdref;       -- JIS Q 27001:2023
SELECT max(s) FROM unnest('{ISO/IEC 27001:2013,ISO/IEC 27001:2022/Amd 1:2024,ISO/IEC 27001:2022}'::isms.stdref[]) s;
                                                           -- ISO/IEC 27001:2022/Amd 1:2024
SELECT 'ISO/IEC 27001:2013'::isms.stdref ~= 'ISO/IEC 27001:2022';   -- true: same standard
-- (example)
-- certificates of any edition of ISO/IEC 27001, and the newest edition in use
SELECT * FROM cert WHERE standard ~= 'ISO/IEC 27001';
SELECT isms.std_number(standard), max(standard) FROM cert GROUP BY 1 ORDER BY 1;
DROP TABLE cert;
