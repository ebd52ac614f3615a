-- demo/sample_registry.sql: a sample ISMS certification registry for the isms extension.
--
-- Load into a database where "CREATE EXTENSION isms CASCADE" has been run:
--     psql -v ON_ERROR_STOP=1 -f demo/sample_registry.sql
--
-- Everything here is fictional (bodies, organisations, numbers, addresses) but
-- shaped like the real Japanese ISMS register: one accreditation body, three
-- accredited certification bodies, 51 organisations and 54 ISO/IEC 27001
-- certificates with their complete audit and decision histories from 2019 to
-- November 2026, and 4 add-on certificates (ISO/IEC 27017 cloud, ISO/IEC 27701
-- privacy) on four of them.
-- The data is fixed: it was "extracted" on 2026-11-25 (no audit or decision
-- is dated later) and nothing in this file depends on the day it is loaded.
-- The stored status columns are computed by isms as of the loading day.
--
-- The histories are written by a deterministic generator (no random()):
-- each certificate has a grant date and a "story"; the generator lays out the
-- audit programme the scheme asks for, and every decision goes through the
-- isms triggers, which check each rule (CYC-*, SUR-*, REC-*, SUS-*, ACC-1...).
--
--   initial audit   stage 1, then stage 2 three to six weeks before the grant
--                   (CYC-1, CYC-5); auditor-days from ISO/IEC 27006 Table B.1
--                   (TIME-1): stage 1 about 1/3, stage 2 the rest
--   surveillance    two per cycle, ending 27 and 15 months before expiry:
--                   SUR-1 (first one within 12 months of the grant) and SUR-2
--                   (one in every calendar year of the cycle); about 1/3 of
--                   the initial audit time
--   recertification audit 70-109 days before expiry (in the previous
--                   calendar year when the expiry is in January-March, so
--                   that SUR-2 needs no extra audit), about 2/3 of the initial
--                   time; the recertify decision 3-5 weeks later, the new
--                   expiry three years after the old one (CYC-3, REC-1)
--   transition      certificates on ISO/IEC 27001:2013 (JIS Q 27001:2014) move
--                   to the 2022 edition (JIS Q 27001:2023) at their first audit
--                   on or after 2023-10-01, with a transition audit held
--                   together with it (TRN-4: +1 auditor-day with surveillance,
--                   +0.5 with recertification), well before 2025-10-31 (TRN-3)
--   audits and decisions fall on working days (not on weekends or 29 Dec - 3 Jan).
--
-- Stories (column "story" of the scenario table):
--   normal             the cycle repeats: recertified as often as the dates allow
--   applied / stage1 / stage2   drafts: nothing granted yet
--   lapse              expired, recertification audit held after expiry and
--                      restored within 6 months (REC-3): a gap in validity
--   expire             the cycle whose expiry is on or after the story date is
--                      not renewed: expired by date (REC-2)
--   suspend_reinstate  suspended after a surveillance audit, verification
--                      (special) audit, reinstated about two months later (SUS-2)
--   suspended          suspended on the story date, still suspended
--   withdraw           suspended on the story date, withdrawn four months later
--   cancel             surrendered by the client (cancelled) on the story date
--   overdue            no surveillance audit from the story date on (SUR-3: the
--                      scheme default only reports it, see isms.audit_programme)
--   extend / reduce    scope extension after a special audit (SCO-1) / reduction
--   lateplan           recertification audit planned 30 days before expiry
--   correct            the grant was recorded with a mistyped expiry date and
--                      corrected by a compensating decision (LOG-1)
--
-- Certificate numbers follow each body's house style, modelled on real
-- Japanese register styles: NSCO 'NSC-IM0841' (like JQA-IM1234), PRAJ
-- 'IS 794042' (BSI style), KQMA 'KQMA-IR-575' (like JUSE-IR-575); STD-3 makes
-- them unique per body only.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET datestyle = ISO;

BEGIN;

/* ------------------------------------------------------------------
 * Accreditation body, certification bodies, accreditations (ACC-1, ACC-2)
 * ------------------------------------------------------------------ */

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla) VALUES
    ('ISMS-AC', 'Information Management System Accreditation Center', 'JP', true);

INSERT INTO isms.certification_body
    (code, name, name_local, country, expiry_offset_days, max_stage_gap_days) VALUES
    ('NSCO', 'Nihon Security Certification Organization',
     '一般財団法人日本セキュリティ認証機構', 'JP', NULL, 180),
    -- certificates run to the same calendar day three years on (CYC-3 offset 0)
    ('PRAJ', 'Pacific Rim Assurance Japan K.K.',
     'パシフィックリム・アシュアランス・ジャパン株式会社', 'JP', 0, NULL),
    ('KQMA', 'Kansai Quality Management Association',
     '一般社団法人関西品質管理協会', 'JP', NULL, NULL);

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from, valid_until, status)
SELECT ab.id, cb.id, v.scheme, v.num, v.valid_from, NULL, 'active'
FROM (VALUES ('NSCO', 'ISMS', 'ISR031', date '2015-04-01'),
             ('PRAJ', 'ISMS', 'ISR042', date '2015-10-01'),
             ('KQMA', 'ISMS', 'ISR057', date '2016-02-01'),
             -- the add-on schemes (ACC-1): the cloud criterion and ISO/IEC TS 27006-2
             ('NSCO', 'ISMS-CLOUD', 'CLD008', date '2016-10-01'),
             ('NSCO', 'ISMS-PIMS', 'PMS003', date '2020-06-01'),
             ('PRAJ', 'ISMS-CLOUD', 'CLD011', date '2017-04-01')) AS v(cb, scheme, num, valid_from)
JOIN isms.certification_body cb ON cb.code = v.cb
CROSS JOIN isms.accreditation_body ab
WHERE ab.code = 'ISMS-AC';

/* ------------------------------------------------------------------
 * Organisations
 * ------------------------------------------------------------------ */

CREATE TEMP TABLE demo_org (
    k integer PRIMARY KEY, name text, name_local text, city text, address text,
    confidential boolean DEFAULT false);

INSERT INTO demo_org (k, name, name_local, city, address) VALUES
 ( 1, 'Sakura Data Systems Co., Ltd.', 'さくらデータシステム株式会社', 'Tokyo', '2-4-1 Marunouchi, Chiyoda-ku'),
 ( 2, 'Hokuto Cloud Services Inc.', '北斗クラウドサービス株式会社', 'Sapporo', '3-1 Kita 5-jo Nishi, Chuo-ku'),
 ( 3, 'Minato Payment Solutions K.K.', 'みなとペイメントソリューションズ株式会社', 'Yokohama', '1-11-2 Minatomirai, Nishi-ku'),
 ( 4, 'Kinki Logistics Information Co., Ltd.', '近畿ロジスティクス情報株式会社', 'Osaka', '4-2-8 Nakanoshima, Kita-ku'),
 ( 5, 'Aozora Medical IT Co., Ltd.', 'あおぞらメディカルアイティー株式会社', 'Fukuoka', '2-6-12 Hakata-ekimae, Hakata-ku'),
 ( 6, 'Tsubasa Software Engineering Co., Ltd.', 'つばさソフトウェアエンジニアリング株式会社', 'Nagoya', '3-15-7 Meieki, Nakamura-ku'),
 ( 7, 'Kyoto Print Media Co., Ltd.', '京都プリントメディア株式会社', 'Kyoto', '580 Karasuma-dori Shijo-sagaru, Shimogyo-ku'),
 ( 8, 'Setouchi Network Service Co., Ltd.', '瀬戸内ネットワークサービス株式会社', 'Hiroshima', '1-5-20 Kamiyacho, Naka-ku'),
 ( 9, 'Mirai Human Resources Co., Ltd.', 'みらいヒューマンリソース株式会社', 'Tokyo', '6-12-1 Nishi-Shinjuku, Shinjuku-ku'),
 (10, 'Daiichi Call Center Co., Ltd.', '第一コールセンター株式会社', 'Sendai', '1-9-3 Chuo, Aoba-ku'),
 (11, 'Hikari Data Center Co., Ltd.', 'ひかりデータセンター株式会社', 'Saitama', '8-2-4 Shintoshin, Chuo-ku'),
 (12, 'Nishinihon Card Processing Co., Ltd.', '西日本カードプロセシング株式会社', 'Fukuoka', '1-14-5 Tenjin, Chuo-ku'),
 (13, 'Chubu Industrial Systems Co., Ltd.', '中部産業システム株式会社', 'Toyota', '2-30 Kitamachi'),
 (14, 'Shonan Web Design Co., Ltd.', '湘南ウェブデザイン株式会社', 'Fujisawa', '1-3-9 Minami-Fujisawa'),
 (15, 'Kita-Kanto Agri Tech Co., Ltd.', '北関東アグリテック株式会社', 'Utsunomiya', '3-7-11 Babadori'),
 (16, 'Rinkai Securities Systems Co., Ltd.', '臨海証券システム株式会社', 'Tokyo', '3-5-1 Toyosu, Koto-ku'),
 (17, 'Hokuriku Information Processing Center Co., Ltd.', '北陸情報処理センター株式会社', 'Kanazawa', '2-1-6 Hirooka'),
 (18, 'Shikoku e-Government Services Co., Ltd.', '四国電子行政サービス株式会社', 'Matsuyama', '4-1-2 Ichibancho'),
 (19, 'Kobe Marine Logistics Systems Co., Ltd.', '神戸マリンロジスティクスシステムズ株式会社', 'Kobe', '7-1-1 Minatojima Nakamachi, Chuo-ku'),
 (20, 'Tohoku Medical Records Co., Ltd.', '東北医療記録株式会社', 'Morioka', '2-9-1 Odori'),
 (21, 'Yamato Insurance Services Co., Ltd.', '大和インシュアランスサービス株式会社', 'Tokyo', '1-8-2 Nihonbashi, Chuo-ku'),
 (22, 'Okinawa Resort Reservation Systems Co., Ltd.', '沖縄リゾート予約システム株式会社', 'Naha', '3-2-10 Kumoji'),
 (23, 'Echigo Systems Integration Co., Ltd.', '越後システムインテグレーション株式会社', 'Niigata', '1-1-1 Bandai, Chuo-ku'),
 (24, 'Suruga Digital Solutions Co., Ltd.', '駿河デジタルソリューションズ株式会社', 'Shizuoka', '5-6 Kitaban-cho, Aoi-ku'),
 (25, 'Kumamoto Semiconductor Design Co., Ltd.', '熊本半導体デザイン株式会社', 'Kumamoto', '4-3-15 Suizenji, Chuo-ku'),
 (26, 'Asahi Education Platform Co., Ltd.', '旭エデュケーションプラットフォーム株式会社', 'Tokyo', '1-16-3 Hongo, Bunkyo-ku'),
 (27, 'Chiba Bay Data Services Co., Ltd.', '千葉ベイデータサービス株式会社', 'Chiba', '2-6-1 Nakase, Mihama-ku'),
 (28, 'Kansai Payroll Outsourcing Co., Ltd.', '関西給与アウトソーシング株式会社', 'Osaka', '2-3-21 Honmachi, Chuo-ku'),
 (29, 'Gifu Monozukuri IT Co., Ltd.', '岐阜ものづくりIT株式会社', 'Gifu', '5-14 Hashimoto-cho'),
 (30, 'Heijo Digital Archive Co., Ltd.', '平城デジタルアーカイブ株式会社', 'Nara', '3-4-8 Sanjo-oji'),
 (31, 'Hamamatsu Instruments Software Co., Ltd.', '浜松計測ソフトウェア株式会社', 'Hamamatsu', '111-2 Itaya-machi, Chuo-ku'),
 (32, 'San''in Regional Bank Systems Co., Ltd.', '山陰地銀システム株式会社', 'Matsue', '1-7-3 Asahi-machi'),
 (33, 'Tama Smart City Lab Co., Ltd.', '多摩スマートシティラボ株式会社', 'Hachioji', '9-1 Asahi-cho'),
 (34, 'Ichigo Mobile Apps Inc.', 'いちごモバイルアプリ株式会社', 'Tokyo', '2-21-1 Shibuya, Shibuya-ku'),
 (35, 'Sakurajima Health Data Co., Ltd.', '桜島ヘルスデータ株式会社', 'Kagoshima', '1-2-4 Chuo-cho'),
 (36, 'Toyama Pharmaceutical Logistics Co., Ltd.', '富山薬品物流株式会社', 'Toyama', '3-6-5 Shintomi-cho'),
 (37, 'Aizu Security Operations Co., Ltd.', '会津セキュリティオペレーションズ株式会社', 'Aizuwakamatsu', '2-10 Sakaemachi'),
 (38, 'Kawasaki Plant Engineering Systems Co., Ltd.', '川崎プラントエンジニアリングシステムズ株式会社', 'Kawasaki', '1-2 Ekimae-honcho, Kawasaki-ku'),
 (39, 'Dejima Software Co., Ltd.', '出島ソフトウェア株式会社', 'Nagasaki', '6-21 Dejima-machi'),
 (40, 'Oita Onsen Booking Co., Ltd.', '大分温泉ブッキング株式会社', 'Beppu', '1-4-2 Kitahama'),
 (41, 'Sanuki Retail Systems Co., Ltd.', '讃岐リテールシステム株式会社', 'Takamatsu', '2-1 Sunport'),
 (42, 'Akita Call Solution Co., Ltd.', '秋田コールソリューション株式会社', 'Akita', '4-1-1 Naka-dori'),
 (43, 'Yamagata Precision Cloud Co., Ltd.', '山形プレシジョンクラウド株式会社', 'Yamagata', '1-1-1 Jonan-machi'),
 (44, 'Kairakuen Public Systems Co., Ltd.', '偕楽園パブリックシステムズ株式会社', 'Mito', '3-3-1 Minami-machi'),
 (45, 'Wakayama Citrus E-Commerce Co., Ltd.', '和歌山シトラスイーコマース株式会社', 'Wakayama', '5-18 Misono-cho'),
 (46, 'Hakodate Fisheries Information Co., Ltd.', '函館水産情報株式会社', 'Hakodate', '12-18 Wakamatsu-cho'),
 (47, 'Kurashiki Textile Digital Co., Ltd.', '倉敷テキスタイルデジタル株式会社', 'Kurashiki', '1-7-2 Achi'),
 (48, 'Tokushima LED Controls Co., Ltd.', '徳島LEDコントロールズ株式会社', 'Tokushima', '2-5 Ichiban-cho'),
 (49, 'Alps Research Data Co., Ltd.', 'アルプス研究データ株式会社', 'Matsumoto', '3-2-1 Chuo'),
 (50, 'Fujisan Secure Print Co., Ltd.', '富士山セキュアプリント株式会社', 'Fujinomiya', '1-1 Nishiki-cho');
-- PUB-1: a confidential client (name and address are not published)
INSERT INTO demo_org (k, name, name_local, city, address, confidential) VALUES
 (51, 'Kaiyo Defense Electronics Co., Ltd.', '海洋防衛エレクトロニクス株式会社', 'Yokosuka', '1-4 Natsushima-cho', true);

INSERT INTO isms.organisation (name, name_local, country, city, address, confidential)
SELECT name, name_local, 'JP', city, address, confidential FROM demo_org ORDER BY k;

/* ------------------------------------------------------------------
 * The scenario: one row per certificate
 *   n        scenario number (also seeds the generator's patterns)
 *   granted  initial grant decision date (NULL for drafts)
 *   sd       story date (see the header)
 *   expect   status on 2026-11-26, checked at the end of the file
 * ------------------------------------------------------------------ */

CREATE TEMP TABLE demo_scen (
    n integer PRIMARY KEY, cb text, num text, org integer, persons integer,
    granted date, story text, sd date, expect isms.cert_status,
    scope text, new_scope text, note text);

INSERT INTO demo_scen (n, cb, num, org, persons, granted, story, sd, expect, scope, new_scope, note) VALUES
-- Nihon Security Certification Organization (NSCO), ISO/IEC 27001
( 1, 'NSCO', 'NSC-IM0841', 1, 320, '2019-04-19', 'normal', NULL, 'active',
  'Development, operation and maintenance of data processing services for financial institutions at the head office and the Tama data centre', NULL, NULL),
( 2, 'NSCO', 'NSC-IM0877', 2, 85, '2019-09-13', 'normal', NULL, 'active',
  'Provision of IaaS and managed hosting services "Hokuto Cloud" from the Sapporo and Ishikari data centres', NULL, NULL),
( 3, 'NSCO', 'NSC-IM0963', 3, 140, '2020-07-03', 'lapse', '2023-06-01', 'active',
  'Operation of payment gateway and card-not-present settlement services', NULL,
  'recertification audit postponed by the client; lapsed and restored'),
( 4, 'NSCO', 'NSC-IM1002', 4, 60, '2020-11-20', 'normal', NULL, 'active',
  'Development and operation of warehouse management and delivery tracking systems', NULL, NULL),
( 5, 'NSCO', 'NSC-IM1038', 5, 45, '2021-03-12', 'suspend_reinstate', '2025-01-20', 'active',
  'Development, sale and support of electronic medical record software for clinics', NULL,
  'SUS-1: major nonconformity from the surveillance audit (access control of remote maintenance, A.8.5) not corrected within 30 days'),
( 6, 'NSCO', 'NSC-IM1101', 6, 210, '2021-08-27', 'normal', NULL, 'active',
  'Contract software development and system integration for the manufacturing industry', NULL, NULL),
( 7, 'NSCO', 'NSC-IM1157', 7, 35, '2022-02-18', 'cancel', '2025-04-18', 'cancelled',
  'Secure printing and mailing of personalised documents (billing statements, notices)', NULL,
  'certificate surrendered by the client: printing business transferred to the parent company'),
( 8, 'NSCO', 'NSC-IM1190', 8, 120, '2022-06-10', 'normal', NULL, 'active',
  'Provision of internet access, regional network and managed security services', NULL, NULL),
( 9, 'NSCO', 'NSC-IM1244', 9, 500, '2022-12-09', 'normal', NULL, 'active',
  'Recruitment, temporary staffing and payroll services, including the operation of the candidate database', NULL, NULL),
(10, 'NSCO', 'NSC-IM1287', 10, 900, '2023-05-26', 'normal', NULL, 'active',
  'Inbound and outbound contact centre services for financial, insurance and public-sector clients', NULL, NULL),
(11, 'NSCO', 'NSC-IM1312', 11, 75, '2023-09-22', 'extend', '2025-03-14', 'active',
  'Colocation and housing services at the Saitama Shintoshin data centre',
  'Colocation and housing services at the Saitama Shintoshin and Kumagaya data centres',
  'SCO-1: second data hall in Kumagaya added after a special audit'),
(12, 'NSCO', 'NSC-IM1365', 12, 260, '2024-02-16', 'normal', NULL, 'active',
  'Credit card transaction processing and issuing support services', NULL, NULL),
(13, 'NSCO', 'NSC-IM1398', 13, 150, '2024-07-12', 'normal', NULL, 'active',
  'Design, development and maintenance of production control systems for automotive suppliers', NULL, NULL),
(14, 'NSCO', 'NSC-IM1433', 14, 12, '2025-01-24', 'normal', NULL, 'active',
  'Web site design, hosting and content management services', NULL, NULL),
(15, 'NSCO', 'NSC-IM1460', 15, 28, '2025-06-20', 'correct', NULL, 'active',
  'Development and operation of a cloud service for farm production records', NULL,
  'grant recorded with a mistyped expiry date, corrected (LOG-1)'),
(16, 'NSCO', 'NSC-IM1489', 16, 380, '2025-09-12', 'overdue', '2026-01-01', 'active',
  'Development and operation of securities trading back-office systems', NULL,
  'first surveillance audit not held (SUR-1 overdue)'),
(17, 'NSCO', 'NSC-IM1502', 17, 55, '2026-03-13', 'normal', NULL, 'active',
  'Outsourced data entry, scanning and records management services', NULL, NULL),
(18, 'NSCO', 'NSC-IM1518', 18, 90, NULL, 'stage2', '2026-11-13', 'draft',
  'Operation of shared electronic administration systems for municipalities in Ehime Prefecture', NULL, NULL),
(19, 'NSCO', 'NSC-IM1523', 19, 40, NULL, 'stage1', '2026-10-23', 'draft',
  'Development and operation of port logistics and container tracking systems', NULL, NULL),
(20, 'NSCO', 'NSC-IM0902', 20, 65, '2019-06-14', 'expire', '2022-01-01', 'expired',
  'Storage, digitisation and destruction of medical records', NULL,
  'not renewed: business merged into a hospital group'),
-- Pacific Rim Assurance Japan (PRAJ), ISO/IEC 27001, expiry offset 0
(21, 'PRAJ', 'IS 794042', 21, 1200, '2019-05-24', 'normal', NULL, 'active',
  'Insurance policy administration, claims processing and customer contact services', NULL, NULL),
(22, 'PRAJ', 'IS 705318', 22, 30, '2019-11-29', 'expire', '2025-01-01', 'expired',
  'Development and operation of online reservation systems for resort hotels', NULL,
  'not renewed: client moved to a cloud platform with its own certification'),
(23, 'PRAJ', 'IS 712604', 23, 110, '2020-02-21', 'normal', NULL, 'active',
  'System integration and application maintenance for local government and manufacturing clients', NULL, NULL),
(24, 'PRAJ', 'IS 718822', 24, 70, '2020-10-16', 'withdraw', '2025-08-29', 'withdrawn',
  'Development and operation of e-commerce platforms and logistics integration services', NULL,
  'SUS-1: major nonconformities from the surveillance audit not corrected (incident management, A.5.24-A.5.26)'),
(25, 'PRAJ', 'IS 726190', 25, 180, '2021-04-09', 'normal', NULL, 'active',
  'Design of semiconductor integrated circuits and management of customer design data', NULL, NULL),
(26, 'PRAJ', 'IS 731477', 26, 95, '2021-10-22', 'reduce', '2024-11-08', 'active',
  'Development and operation of e-learning platforms and online examination services',
  'Development and operation of online examination services',
  'SCO-1: e-learning platform discontinued, removed from the scope'),
(27, 'PRAJ', 'IS 739015', 27, 48, '2022-03-25', 'suspended', '2026-09-18', 'suspended',
  'Data centre operation and backup services for regional businesses', NULL,
  'SUS-1: serious information security incident (unauthorised access to backup storage) under investigation'),
(28, 'PRAJ', 'IS 744362', 28, 230, '2022-08-05', 'normal', NULL, 'active',
  'Payroll calculation, year-end tax adjustment and social insurance procedure services', NULL, NULL),
(29, 'PRAJ', 'IS 758840', 29, 22, '2024-01-19', 'lateplan', NULL, 'active',
  'Development of production management software for small manufacturers', NULL,
  'recertification audit planned for December'),
(30, 'PRAJ', 'IS 751129', 30, 18, '2023-06-16', 'normal', NULL, 'active',
  'Digitisation and online publication of cultural heritage archives', NULL, NULL),
(31, 'PRAJ', 'IS 756203', 31, 130, '2023-12-08', 'normal', NULL, 'active',
  'Development of embedded software for measuring instruments and related cloud services', NULL, NULL),
(32, 'PRAJ', 'IS 763571', 32, 420, '2024-05-17', 'normal', NULL, 'active',
  'Development and operation of core banking systems for regional banks', NULL, NULL),
(33, 'PRAJ', 'IS 768944', 33, 25, '2024-10-04', 'normal', NULL, 'active',
  'Research, development and operation of IoT sensor platforms for smart city services', NULL, NULL),
(34, 'PRAJ', 'IS 772310', 34, 60, '2025-03-28', 'normal', NULL, 'active',
  'Development and operation of smartphone applications for retail and loyalty programmes', NULL, NULL),
(35, 'PRAJ', 'IS 779682', 35, 38, '2025-11-14', 'normal', NULL, 'active',
  'Processing of health check-up data for employers and health insurance societies', NULL, NULL),
(36, 'PRAJ', 'IS 783055', 36, 150, '2026-06-26', 'normal', NULL, 'active',
  'Temperature-controlled pharmaceutical logistics and traceability systems', NULL, NULL),
(37, 'PRAJ', 'IS 787431', 37, 15, NULL, 'applied', NULL, 'draft',
  'Security operation centre (SOC) and incident response services', NULL, NULL),
(38, 'PRAJ', 'IS 716577', 38, 300, '2020-09-11', 'expire', '2023-01-01', 'expired',
  'Engineering data management for plant construction projects', NULL,
  'not renewed: certification moved to the group-wide ISMS of the parent company'),
(39, 'PRAJ', 'IS 790118', 24, 70, NULL, 'stage1', '2026-11-20', 'draft',
  'Development and operation of e-commerce platforms', NULL,
  'new application after the withdrawal of IS 718822 (WDR-1: a new certificate, a new initial audit)'),
-- Kansai Quality Management Association (KQMA), JIS Q 27001; certificates issued a week after the decision
(40, 'KQMA', 'KQMA-IR-575', 39, 50, '2019-07-26', 'normal', NULL, 'active',
  'Contract software development for shipbuilding and marine equipment manufacturers', NULL, NULL),
(41, 'KQMA', 'KQMA-IR-583', 40, 20, '2019-12-13', 'normal', NULL, 'active',
  'Operation of an online booking service for hot spring inns', NULL, NULL),
(42, 'KQMA', 'KQMA-IR-601', 41, 160, '2020-05-22', 'normal', NULL, 'active',
  'Development and operation of point-of-sale and store management systems for retail chains', NULL, NULL),
(43, 'KQMA', 'KQMA-IR-622', 42, 450, '2021-01-15', 'normal', NULL, 'active',
  'Contact centre and back-office outsourcing services', NULL, NULL),
(44, 'KQMA', 'KQMA-IR-640', 43, 80, '2021-06-25', 'normal', NULL, 'active',
  'Provision of cloud-based CAD data management services', NULL, NULL),
(45, 'KQMA', 'KQMA-IR-655', 44, 110, '2021-12-10', 'expire', '2024-06-01', 'expired',
  'Development and operation of resident information systems for municipalities', NULL,
  'not renewed: systems transferred to the government cloud'),
(46, 'KQMA', 'KQMA-IR-671', 45, 14, '2022-04-22', 'normal', NULL, 'active',
  'Operation of an online shop for citrus fruit and processed foods', NULL, NULL),
(47, 'KQMA', 'KQMA-IR-688', 46, 33, '2022-10-28', 'normal', NULL, 'active',
  'Operation of fish market auction and traceability information systems', NULL, NULL),
(48, 'KQMA', 'KQMA-IR-702', 47, 58, '2023-08-25', 'expire', '2026-01-01', 'expired',
  'Design data management and e-commerce for textile products', NULL,
  'recertification audit not held; restoration still possible until 2027-02-24'),
(49, 'KQMA', 'KQMA-IR-716', 48, 26, '2023-11-10', 'normal', NULL, 'active',
  'Development of control software for LED lighting systems', NULL, NULL),
(50, 'KQMA', 'KQMA-IR-731', 49, 72, '2024-04-12', 'normal', NULL, 'active',
  'Management of research data and analysis services for universities', NULL, NULL),
(51, 'KQMA', 'KQMA-IR-745', 50, 140, '2024-12-20', 'normal', NULL, 'active',
  'Secure printing of examination papers, certificates and security documents', NULL, NULL),
(52, 'KQMA', 'KQMA-IR-758', 51, 600, '2025-07-18', 'normal', NULL, 'active',
  'Design and development of electronic equipment for marine defence systems', NULL, NULL),
(53, 'KQMA', 'KQMA-IR-762', 8, 40, '2026-02-13', 'normal', NULL, 'active',
  'Managed security services for small and medium-sized businesses in the Chugoku region', NULL, NULL),
(54, 'KQMA', 'KQMA-IR-770', 34, 25, NULL, 'stage2', '2026-11-06', 'draft',
  'Development of payment functions for smartphone applications', NULL, NULL);

/* ------------------------------------------------------------------
 * Certificates: initial standard by body and date; the 2013 edition
 * (JIS Q 27001:2014) for grants before 2023-11-01, the 2022 edition
 * (JIS Q 27001:2023) from then on.
 * ------------------------------------------------------------------ */

ALTER TABLE demo_scen ADD COLUMN std0 text, ADD COLUMN std1 text;
UPDATE demo_scen SET
    std0 = CASE WHEN cb = 'KQMA' THEN 'JIS Q 27001:' ELSE 'ISO/IEC 27001:' END
        || CASE WHEN granted < '2023-11-01' THEN (CASE WHEN cb = 'KQMA' THEN '2014' ELSE '2013' END)
                ELSE (CASE WHEN cb = 'KQMA' THEN '2023' ELSE '2022' END) END,
    std1 = CASE WHEN cb = 'KQMA' THEN 'JIS Q 27001:2023' ELSE 'ISO/IEC 27001:2022' END;

INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement,
                              soa_version, persons_in_scope, sites)
SELECT cb.id, s.num, o.id, s.std0, s.scope,
       'SoA Ver.' || (1 + s.n % 4) || '.' || (s.n % 7), s.persons,
       CASE s.num WHEN 'NSC-IM1287' THEN 6 END    -- six contact centres (SMP-1)
FROM demo_scen s
JOIN isms.certification_body cb ON cb.code = s.cb
JOIN demo_org d ON d.k = s.org
JOIN isms.organisation o ON o.name = d.name
ORDER BY s.n;

/* ------------------------------------------------------------------
 * The generator
 * ------------------------------------------------------------------ */

-- planned events: audits (akind set; day = end date) and decisions (dkind set)
CREATE TEMP TABLE demo_ev (
    n integer, day date, ord integer,
    akind isms.audit_kind, astart date, ad numeric(6,2), persons integer, notes text,
    dkind isms.decision_kind, eff date, new_expiry date, new_standard text,
    new_scope text, reason text);

-- working days: Monday to Friday, except the New Year holidays (29 December - 3 January)
CREATE FUNCTION pg_temp.working(d date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT extract(isodow FROM d) < 6
       AND to_char(d, 'MM-DD') NOT BETWEEN '01-01' AND '01-03'
       AND to_char(d, 'MM-DD') NOT BETWEEN '12-29' AND '12-31' $$;

-- the working day nearest to d in the same month (the earlier one on a tie),
-- so that a date never moves into another calendar year (SUR-2)
CREATE FUNCTION pg_temp.weekday(d date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT x FROM generate_series(0, 12) k, LATERAL (VALUES (d - k), (d + k)) v(x)
    WHERE date_trunc('month', x) = date_trunc('month', d) AND pg_temp.working(x)
    ORDER BY k, x LIMIT 1 $$;

-- first day of an audit of `days` working days ending on e
CREATE FUNCTION pg_temp.audit_start(e date, days integer) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE d date := e; k integer := days - 1;
BEGIN
    WHILE k > 0 LOOP
        d := d - 1;
        IF pg_temp.working(d) THEN k := k - 1; END IF;
    END LOOP;
    RETURN d;
END $$;

-- TIME-1: ISO/IEC 27006 Table B.1, initial audit auditor-days by persons in scope
CREATE FUNCTION pg_temp.initial_days(p integer) RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT isms.audit_days(p, 'initial') $$;

-- round to half days, at least one
CREATE FUNCTION pg_temp.half(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT greatest(1, round(x * 2) / 2) $$;

-- persons in scope in a given year: each organisation grows (or shrinks) steadily
CREATE FUNCTION pg_temp.persons(s demo_scen, d date) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT greatest(3, round(s.persons * (1 + 0.04 * (s.n % 5 - 1)
        * (extract(year FROM d) - extract(year FROM coalesce(s.granted, d))))))::integer $$;

CREATE FUNCTION pg_temp.add_audit(n integer, kind isms.audit_kind, e date, ad numeric,
                                  persons integer, notes text DEFAULT NULL,
                                  start_on date DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    team integer := CASE WHEN ad <= 3 THEN 1 WHEN ad <= 9 THEN 2 ELSE 3 END;
    days integer := least(4, ceil(ad / team))::integer;
BEGIN
    INSERT INTO demo_ev (n, day, ord, akind, astart, ad, persons, notes)
    VALUES (n, e, 0, kind, coalesce(start_on, pg_temp.audit_start(e, days)), ad, persons, notes);
END $$;

CREATE FUNCTION pg_temp.add_decision(n integer, kind isms.decision_kind, d date,
                                     reason text DEFAULT NULL, eff date DEFAULT NULL,
                                     new_expiry date DEFAULT NULL, new_standard text DEFAULT NULL,
                                     new_scope text DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO demo_ev (n, day, ord, dkind, eff, new_expiry, new_standard, new_scope, reason)
    VALUES (n, d, 1, kind, coalesce(eff, d), new_expiry, new_standard, new_scope, reason) $$;

-- An audit against the 2013 edition on or after 2023-10-01: hold the transition
-- audit with it and decide the transition two weeks later.  Returns true if done.
CREATE FUNCTION pg_temp.maybe_transition(s demo_scen, std text, e date, astart date,
                                         with_recert boolean)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF std = s.std1 OR e < '2023-10-01' THEN
        RETURN false;
    END IF;
    PERFORM pg_temp.add_audit(s.n, 'transition', e, CASE WHEN with_recert THEN 0.5 ELSE 1.0 END,
        pg_temp.persons(s, e),
        'IAF MD 26 transition audit to ' || s.std1 || ', held with the '
        || CASE WHEN with_recert THEN 'recertification' ELSE 'surveillance' END || ' audit (TRN-4)',
        astart);
    PERFORM pg_temp.add_decision(s.n, 'transition', pg_temp.weekday(e + 14),
        'Transition to ' || s.std1 || ' verified at the transition audit (IAF MD 26)',
        new_standard => s.std1);
    RETURN true;
END $$;

CREATE FUNCTION pg_temp.plan(s demo_scen) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    offs integer;
    issue integer := CASE WHEN s.cb = 'KQMA' THEN 7 ELSE 0 END;  -- certificate issue date after the decision
    lead integer := CASE WHEN s.story = 'lateplan' THEN 30 ELSE 70 + (s.n * 37) % 40 END;
    rdelta integer := 21 + (s.n % 3) * 7;
    std text := s.std0;
    g date; e date; cs date; t date; ra date; rd date; a1 date;
    p integer; ad numeric; s1ad numeric; s2ad numeric;
    restored boolean := false;
BEGIN
    SELECT coalesce(expiry_offset_days, 1) INTO offs FROM isms.certification_body WHERE code = s.cb;

    -- drafts
    IF s.story = 'applied' THEN
        RETURN;
    END IF;
    IF s.story IN ('stage1', 'stage2') THEN
        ad := pg_temp.initial_days(s.persons);
        s1ad := pg_temp.half(ad / 3);
        IF s.story = 'stage1' THEN
            PERFORM pg_temp.add_audit(s.n, 'stage1', s.sd, s1ad, s.persons);
        ELSE
            PERFORM pg_temp.add_audit(s.n, 'stage1', pg_temp.weekday(s.sd - 42), s1ad, s.persons);
            PERFORM pg_temp.add_audit(s.n, 'stage2', s.sd, ad - s1ad, s.persons);
        END IF;
        RETURN;
    END IF;

    -- initial audit and grant (CYC-1, CYC-3, CYC-5)
    g := pg_temp.weekday(s.granted);
    ad := pg_temp.initial_days(s.persons);
    s1ad := pg_temp.half(ad / 3);
    s2ad := ad - s1ad;
    t := pg_temp.weekday(g - (21 + (s.n % 4) * 7));                  -- stage 2 end
    PERFORM pg_temp.add_audit(s.n, 'stage2', t, s2ad, s.persons);
    a1 := (SELECT astart FROM demo_ev WHERE n = s.n AND akind = 'stage2');
    PERFORM pg_temp.add_audit(s.n, 'stage1', pg_temp.weekday(a1 - (28 + (s.n % 3) * 14)), s1ad, s.persons);
    e := (g + interval '3 years')::date - offs;
    PERFORM pg_temp.add_decision(s.n, 'grant', g, 'Initial certification', g + issue,
        CASE WHEN s.story = 'correct' THEN e - 10 ELSE e END);   -- 'correct': mistyped, see below
    cs := g;

    LOOP
        -- surveillance audits (SUR-1, SUR-2)
        FOREACH t IN ARRAY ARRAY[pg_temp.weekday((e - interval '27 months')::date),
                                 pg_temp.weekday((e - interval '15 months')::date)] LOOP
            p := pg_temp.persons(s, t);
            PERFORM pg_temp.add_audit(s.n, 'surveillance', t, isms.audit_days(p, 'surveillance'), p);
            a1 := (SELECT max(astart) FROM demo_ev WHERE n = s.n AND akind = 'surveillance' AND day = t);
            IF pg_temp.maybe_transition(s, std, t, a1, false) THEN
                std := s.std1;
            END IF;
        END LOOP;

        -- REC-2: this cycle runs out
        IF s.story = 'expire' AND e >= s.sd THEN
            RETURN;
        END IF;

        IF s.story = 'lapse' AND e >= s.sd AND NOT restored THEN
            -- REC-3: recertification audit three weeks after expiry, restored a month later
            ra := pg_temp.weekday(e + 21);
            rd := pg_temp.weekday(ra + 28);
            restored := true;
        ELSE
            ra := pg_temp.weekday(e - lead);
            IF extract(month FROM e) <= 3 THEN                     -- keep it in the year before expiry
                ra := least(ra, pg_temp.weekday(make_date(extract(year FROM e)::integer - 1, 12, 10)));
            END IF;
            rd := pg_temp.weekday(ra + least(rdelta, (e - ra) / 2));
        END IF;
        p := pg_temp.persons(s, ra);
        PERFORM pg_temp.add_audit(s.n, 'recertification', ra, isms.audit_days(p, 'recertification'), p);
        a1 := (SELECT max(astart) FROM demo_ev WHERE n = s.n AND akind = 'recertification' AND day = ra);
        IF pg_temp.maybe_transition(s, std, ra, a1, true) THEN
            std := s.std1;
        END IF;
        IF rd > e THEN
            PERFORM pg_temp.add_decision(s.n, 'restore', rd,
                'REC-3: recertification audit held after expiry; restored within the 6-month window',
                NULL, (e + interval '3 years')::date);
        ELSE
            PERFORM pg_temp.add_decision(s.n, 'recertify', rd,
                'Recertification audit completed without major nonconformities',
                least(rd + issue, e), (e + interval '3 years')::date);
        END IF;
        cs := rd;
        e := (e + interval '3 years')::date;
        EXIT WHEN cs > '2026-11-25';
    END LOOP;
END $$;

-- the stories that end or interrupt a history
CREATE FUNCTION pg_temp.story(s demo_scen) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ad numeric := pg_temp.half(pg_temp.initial_days(pg_temp.persons(s, s.sd)) / 6);
BEGIN
    CASE s.story
    WHEN 'suspended' THEN
        DELETE FROM demo_ev WHERE n = s.n AND day >= s.sd;
        PERFORM pg_temp.add_decision(s.n, 'suspend', s.sd, s.note);
    WHEN 'withdraw' THEN
        DELETE FROM demo_ev WHERE n = s.n AND day >= s.sd;
        PERFORM pg_temp.add_decision(s.n, 'suspend', s.sd, s.note);
        PERFORM pg_temp.add_decision(s.n, 'withdraw', pg_temp.weekday(s.sd + 119),
            'WDR-1: nonconformities not corrected during the suspension; certificate withdrawn');
    WHEN 'cancel' THEN
        DELETE FROM demo_ev WHERE n = s.n AND day >= s.sd;
        PERFORM pg_temp.add_decision(s.n, 'cancel', s.sd, s.note);
    WHEN 'overdue' THEN
        DELETE FROM demo_ev WHERE n = s.n AND day >= s.sd
            AND (akind IN ('surveillance', 'transition') OR dkind = 'transition');
    WHEN 'suspend_reinstate' THEN
        IF EXISTS (SELECT 1 FROM demo_ev WHERE n = s.n AND dkind IS NOT NULL
                   AND day BETWEEN s.sd AND s.sd + 63) THEN
            RAISE EXCEPTION 'scenario %: the suspension overlaps other decisions', s.n;
        END IF;
        PERFORM pg_temp.add_decision(s.n, 'suspend', s.sd, s.note);
        PERFORM pg_temp.add_audit(s.n, 'special', pg_temp.weekday(s.sd + 49), ad, pg_temp.persons(s, s.sd),
            'Verification audit: corrective actions for the major nonconformity');
        PERFORM pg_temp.add_decision(s.n, 'reinstate', pg_temp.weekday(s.sd + 63),
            'SUS-2: corrective actions verified at the special audit; suspension lifted');
    WHEN 'extend' THEN
        PERFORM pg_temp.add_audit(s.n, 'special', pg_temp.weekday(s.sd - 21), ad, pg_temp.persons(s, s.sd),
            'Scope extension audit (SCO-1)');
        PERFORM pg_temp.add_decision(s.n, 'extend_scope', s.sd, s.note, new_scope => s.new_scope);
    WHEN 'reduce' THEN
        PERFORM pg_temp.add_decision(s.n, 'reduce_scope', s.sd, s.note, new_scope => s.new_scope);
    ELSE
        NULL;
    END CASE;
END $$;

DO $$
DECLARE s demo_scen;
BEGIN
    FOR s IN SELECT * FROM demo_scen ORDER BY n LOOP
        PERFORM pg_temp.plan(s);
        PERFORM pg_temp.story(s);
    END LOOP;
END $$;
-- the register was extracted on 2026-11-25: nothing later is recorded
DELETE FROM demo_ev WHERE day > '2026-11-25';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM demo_ev WHERE dkind IS NOT NULL
               GROUP BY n, day HAVING count(*) > 1) THEN
        RAISE EXCEPTION 'generator: two decisions of one certificate on one day';
    END IF;
END $$;

/* ------------------------------------------------------------------
 * Write the history: audits first, then the decisions in date order
 * (every decision is checked by the isms triggers)
 * ------------------------------------------------------------------ */

CREATE TEMP VIEW demo_cert AS
SELECT s.n, c.id
FROM demo_scen s
JOIN isms.certification_body cb ON cb.code = s.cb
JOIN isms.certificate c ON c.cb_id = cb.id AND c.certificate_number = s.num;

INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope, notes)
SELECT c.id, e.akind, e.astart, e.day, e.ad, e.persons, e.notes
FROM demo_ev e JOIN demo_cert c USING (n)
WHERE e.akind IS NOT NULL
ORDER BY e.n, e.day, e.akind;

INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry,
                           new_scope_statement, new_standard, reason)
SELECT c.id, e.dkind, e.day, e.eff, e.new_expiry, e.new_scope, e.new_standard, e.reason
FROM demo_ev e JOIN demo_cert c USING (n)
WHERE e.dkind IS NOT NULL
ORDER BY e.n, e.day, e.ord;

-- LOG-1: the grant of NSC-IM1460 was entered with the expiry date 2028-06-09;
-- the certificate says 2028-06-19.  Decisions are never updated: a compensating
-- grant with the same decision date replaces the wrong one.
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects, reason)
SELECT d.certificate_id, 'grant', d.decision_date, d.new_expiry + 10, d.id,
       'LOG-1: corrects decision ' || d.id || ': expiry date mistyped as ' || d.new_expiry
FROM isms.decision d
JOIN isms.certificate c ON c.id = d.certificate_id
WHERE c.certificate_number = 'NSC-IM1460' AND d.kind = 'grant';

/* ------------------------------------------------------------------
 * Add-on certificates (ADD-1..7) on four of the ISO/IEC 27001 certificates,
 * without scopes of their own (ADD-3: exactly the base's scope).  Each
 * add-on's first audit is held with its base's first surveillance or
 * recertification audit on or after the date given (ADD-6), the grant
 * follows three weeks later, every later audit of the add-on is held with
 * one of the base's, and the add-on is recertified on the day its base is
 * (its expiry no later than the base's, ADD-4).  What happens to the base
 * happens to them (ADD-5): NSC-PM0024 is suspended with NSC-IM1038 in 2025,
 * IS-CLD 0718 is suspended and withdrawn with IS 718822.
 * ------------------------------------------------------------------ */

CREATE TEMP TABLE demo_addon (base text, num text, std text, statement text, after date);
INSERT INTO demo_addon VALUES
    ('NSC-IM0877', 'NSC-CL0017', 'ISO/IEC 27017:2015',
     'Provision of the IaaS "Hokuto Cloud" as a cloud service provider', '2020-06-01'),
    ('NSC-IM1038', 'NSC-PM0024', 'ISO/IEC 27701:2019',
     'Processing of patients'' personal data in the electronic medical record services (PII processor)', '2021-06-01'),
    ('NSC-IM1244', 'NSC-PM0031', 'ISO/IEC 27701:2019',
     'Processing of candidates'' and employees'' personal data (PII controller and processor)', '2023-06-01'),
    ('IS 718822', 'IS-CLD 0718', 'ISO/IEC 27017:2015',
     'Cloud-based logistics information services as a cloud service provider and customer', '2021-06-01');

INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement,
                              base_certificate_id)
SELECT b.cb_id, a.num, b.organisation_id, a.std, a.statement, b.id
FROM demo_addon a JOIN isms.certificate b ON b.certificate_number = a.base
ORDER BY a.num;

INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with, notes)
SELECT ad.id,
       CASE WHEN ba.start_date = f.first THEN 'stage2' ELSE ba.kind END,
       ba.start_date, ba.end_date, ba.id,
       'ADD-6: held with the ' || ba.kind || ' audit of ' || b.certificate_number
FROM demo_addon a
JOIN isms.certificate b ON b.certificate_number = a.base
JOIN isms.certificate ad ON ad.certificate_number = a.num
CROSS JOIN LATERAL (SELECT min(x.start_date) AS first FROM isms.audit x
                    WHERE x.certificate_id = b.id AND x.kind IN ('surveillance', 'recertification')
                      AND x.start_date >= a.after) f
JOIN isms.audit ba ON ba.certificate_id = b.id AND ba.kind IN ('surveillance', 'recertification')
                  AND ba.start_date >= f.first
ORDER BY ad.id, ba.start_date;

INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
SELECT x.certificate_id, 'grant', pg_temp.weekday(x.end_date + 21),
       'ADD-6: initial audit held with a surveillance audit of the base certificate'
FROM isms.audit x JOIN demo_addon a ON true
JOIN isms.certificate ad ON ad.certificate_number = a.num AND ad.id = x.certificate_id
WHERE x.kind = 'stage2'
ORDER BY x.certificate_id;

INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
SELECT ad.id, 'recertify', d.decision_date, 'recertified with its base certificate'
FROM demo_addon a
JOIN isms.certificate b ON b.certificate_number = a.base
JOIN isms.certificate ad ON ad.certificate_number = a.num
JOIN isms.decision d ON d.certificate_id = b.id AND d.kind = 'recertify'
WHERE d.decision_date > (SELECT g.decision_date FROM isms.decision g
                         WHERE g.certificate_id = ad.id AND g.kind = 'grant')
ORDER BY ad.id, d.decision_date;

/* ------------------------------------------------------------------
 * Self-checks of the sample (fixed dates, not today)
 * ------------------------------------------------------------------ */

DO $$
DECLARE r record;
BEGIN
    -- every certificate is in the status its story gives it on 2026-11-26
    FOR r IN SELECT s.n, s.num, s.expect, isms.status_at(c.id, '2026-11-26') AS got
             FROM demo_scen s JOIN demo_cert c USING (n)
             WHERE isms.status_at(c.id, '2026-11-26')::text IS DISTINCT FROM s.expect::text LOOP
        RAISE EXCEPTION 'sample: % is % on 2026-11-26, expected %', r.num, r.got, r.expect;
    END LOOP;
    -- ADD-5: no add-on is valid on a day its base is not (weekly, 2019-2030)
    FOR r IN SELECT a.certificate_number, d::date AS day
             FROM isms.certificate a JOIN isms.certificate b ON b.id = a.base_certificate_id,
                  generate_series(date '2019-01-07', date '2030-12-30', interval '7 days') d
             WHERE isms.status_at(a.id, d::date) = 'active'
               AND isms.status_at(b.id, d::date) <> 'active' LOOP
        RAISE EXCEPTION 'sample: add-on % is valid on % while its base is not (ADD-5)', r.certificate_number, r.day;
    END LOOP;
    -- TRN-3: no certificate on the 2013 edition is valid after 2025-10-31
    FOR r IN SELECT c.certificate_number FROM isms.certificate c
             WHERE c.standard IN ('ISO/IEC 27001:2013', 'JIS Q 27001:2014')
               AND isms.valid_periods(c.id) && datemultirange(daterange('2025-11-01', NULL)) LOOP
        RAISE EXCEPTION 'sample: % is valid on the 2013 edition after 2025-10-31 (TRN-3)', r.certificate_number;
    END LOOP;
    -- TRN-2: no initial or recertification audit against the 2013 edition after 2024-04-30
    FOR r IN SELECT c.certificate_number FROM isms.certificate c JOIN isms.audit a ON a.certificate_id = c.id
             WHERE c.standard IN ('ISO/IEC 27001:2013', 'JIS Q 27001:2014')
               AND a.kind IN ('stage1', 'stage2', 'recertification') AND a.start_date > '2024-04-30' LOOP
        RAISE EXCEPTION 'sample: % has a 2013-edition audit after 2024-04-30 (TRN-2)', r.certificate_number;
    END LOOP;
END $$;

COMMIT;

\echo sample registry loaded:
SELECT (SELECT count(*) FROM isms.organisation) AS organisations,
       (SELECT count(*) FROM isms.certificate) AS certificates,
       (SELECT count(*) FROM isms.audit) AS audits,
       (SELECT count(*) FROM isms.decision) AS decisions;
