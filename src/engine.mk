# The files of the rule engine: pure C without SPI, built into the module
# and, standalone, into tests/unit and fuzz/fuzz_engine.c (one line: the
# scripts read it).
ENGINE = status calendar violation ids editions replay rules_status rules_cycle rules_extension rules_edition rules_programme rules_scope rules_addon rules_opening rules_transfer scope_parse scope_set
