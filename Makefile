# isms: PGXS build.  See README.md for the targets.
EXTENSION   = isms
# The version is written once, in isms.control.
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\\(.*\\)'/\\1/p" isms.control)
MODULE_big  = isms
# The engine (pure C, no SPI: also built standalone by tests/unit and fuzz/)
include src/engine.mk
OBJS        = $(addprefix src/,$(addsuffix .o,$(ENGINE))) src/isms.o src/status_type.o src/spi_util.o \
              src/refdata.o src/load.o src/lock.o src/history.o src/report.o src/store.o src/derived.o src/derived_read.o \
              src/rules_tables.o src/addon_queue.o src/scope.o src/scope_ops.o src/scope_gin.o \
              src/stdref.o src/stdref_parse.o src/stdref_normalize.o src/stdref_format.o src/stdref_cmp.o \
              src/trigger_util.o src/trg_decision.o src/trg_certificate.o \
              src/trg_audit.o src/trg_audit_rules.o src/trg_audit_rows.o src/trg_reference.o src/audit_time.o \
              src/readers.o src/windows.o src/programme_sql.o src/sweep.o \
              src/refresh.o src/guard.o src/clock.o src/fold.o src/feed.o src/chain.o \
              src/transfer.o src/csv.o
# The install script of the version under development is built from its parts
# (sql/parts/, joined in name order by tools/parts.sh, which expands the
# *.sql.in parts: the comparison boilerplate of the types from
# sql/templates/, the labels of the enums that C shares from src/kinds.def).
# Released install scripts and upgrade scripts are committed files, never
# built and never edited.
# The upgrade script to it from the release before, sql/isms--R--V.sql, is
# built the same way from the fragments in sql/upgrade/R--V/ (each a change's
# part of the update); tools/upgrade.sh tests that updating equals installing.
# Released versions: their scripts are committed and frozen (their checksums
# are in sql/released.sha256, checked by tools/upgrade.sh); a released
# version is never built from the parts again.
RELEASES    = 1.0
UPGRADES    = $(patsubst sql/upgrade/%,sql/isms--%.sql,$(wildcard sql/upgrade/*--$(EXTVERSION)))
ifeq ($(filter $(EXTVERSION),$(RELEASES)),)
DATA_built  = sql/isms--$(EXTVERSION).sql $(UPGRADES)
endif
DATA        = $(filter-out $(DATA_built), $(wildcard sql/isms--*.sql))
DOCS        = README.md doc/stdref.md doc/scope.md doc/security.md doc/surfaces.md doc/proof.md doc/operations.md doc/feed.md doc/registers.md
PGFILEDESC  = "isms - ISMS certification registry"

# pg_regress: one file per feature, install first, uninstall last.
REGRESS      = install helpers doc_lifecycle doc_types doc_registers status_type scope_type stdref_type calendar lifecycle rules_cycle rules_surveillance \
               rules_recertification rules_suspension rules_log \
               rules_accreditation evidence opening transfer sweep history editions addons audit_time rules_auditors \
               security surfaces check as_known_at chain bulk operations feed extension derived_dates import search_path uninstall
REGRESS_OPTS = --load-extension=btree_gist --load-extension=pg_trgm

# isolationtester specs in specs/
ISOLATION      = link_races relink_races standard_races concurrent_decisions concurrent_decisions_rr reference_cache addon_races auditor_registration \
                 audit_time_races certificate_races sweep_locks feed_order chain_races \
                 transfer_races chain_lock combined_races
ISOLATION_OPTS = --load-extension=btree_gist --load-extension=pg_trgm --load-extension=isms

# the module's version (PostgreSQL 18's PG_MODULE_MAGIC_EXT) is isms.control's
PG_CPPFLAGS = -DISMS_VERSION='"$(EXTVERSION)"' -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
              -Wmissing-prototypes -Wpointer-arith -Werror=implicit-function-declaration

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# pgTAP contract tests (needs pgtap installed in the server and pg_prove).
prove:
	pg_prove --ext .sql -r test/

.PHONY: prove

ifeq ($(filter $(EXTVERSION),$(RELEASES)),)
PARTS = $(sort $(wildcard sql/parts/*.sql sql/parts/*.sql.in))
sql/isms--$(EXTVERSION).sql: $(PARTS) $(wildcard sql/templates/*.sql.in) src/kinds.def tools/parts.sh
	sh tools/parts.sh $(PARTS) > $@.tmp && mv $@.tmp $@
endif

$(UPGRADES): sql/isms--%.sql: $(wildcard sql/upgrade/*/*) src/kinds.def tools/parts.sh
	sh tools/parts.sh $(sort $(wildcard sql/upgrade/$*/*.sql sql/upgrade/$*/*.sql.in)) > $@.tmp && mv $@.tmp $@

# Every object depends on the shared headers.
$(OBJS): src/isms.h src/engine.h src/kinds.def src/spi_util.h src/scope.h src/scope_type.h src/stdref.h src/stdref_int.h src/surface.h src/trg_audit_rows.h
