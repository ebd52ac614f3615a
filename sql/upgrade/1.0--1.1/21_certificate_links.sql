/* ====================================================================
 * The links of a new certificate (ADD-1: its base; TRF-1: the certificate
 * it takes over) are checked after the statement, as its foreign keys
 * are, so that a base and its add-on, or a certificate and the one that
 * takes it over, may come in one statement in either order.  Changes of
 * the links are checked before each row (isms.certificate_guard), where
 * both sides of a link are looked at.
 * ==================================================================== */

CREATE FUNCTION isms.certificate_links() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_certificate_links' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION isms.certificate_links() IS
    'Trigger: ADD-1 and TRF-1, a new certificate''s base and the certificate it takes over are of the kind, organisation and body the rules ask, checked once the statement is done';
REVOKE EXECUTE ON FUNCTION isms.certificate_links() FROM PUBLIC;

CREATE TRIGGER certificate_links AFTER INSERT ON isms.certificate
    FOR EACH ROW WHEN ((NEW.base_certificate_id IS NOT NULL OR NEW.transferred_from IS NOT NULL)
                       AND NOT isms.restoring())
    EXECUTE FUNCTION isms.certificate_links();
COMMENT ON TRIGGER certificate_links ON isms.certificate IS
    'ADD-1 and TRF-1: a new certificate''s links, after the statement (the linked certificate may come later in it)';
