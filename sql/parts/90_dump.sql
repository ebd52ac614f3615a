/* ====================================================================
 * pg_dump: user rows of the registry tables are data
 * ==================================================================== */

SELECT pg_catalog.pg_extension_config_dump('isms.scheme', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.standard', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.edition_transition', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.audit_time', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.control', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.scheme_setting', '');
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation_body', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certification_body', '');
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation', '');
SELECT pg_catalog.pg_extension_config_dump('isms.organisation', '');
SELECT pg_catalog.pg_extension_config_dump('isms.personnel_body', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor_registration', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certificate', '');
SELECT pg_catalog.pg_extension_config_dump('isms.audit', '');
SELECT pg_catalog.pg_extension_config_dump('isms.decision', '');
-- ... and so are the positions of their identity sequences
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation_body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certification_body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.organisation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.personnel_body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor_registration_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certificate_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.audit_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.decision_id_seq', '');
