#!/bin/sh
# Writes the install script to standard output: the parts named on the
# command line (sql/parts/*.sql and *.sql.in), in that order.  Plain parts
# are copied; a *.sql.in part is expanded on the way:
#
#   @labels LIST@
#       the quoted labels of LIST in src/kinds.def ('grant', 'suspend', ...),
#       so that the SQL enums list the codes of the C enums, in their order;
#   a line "@ordered_type TYPE IMPL [sortsupport]@"
#       sql/templates/ordered_type.sql.in written out for isms.TYPE: the
#       comparison and hash support functions, the six comparison operators,
#       the btree and hash operator classes.  IMPL "c" takes the functions
#       from the module (isms_TYPE_eq, ...), IMPL "char" from the built-in
#       "char" functions (chareq, ...) for a one-byte type; "sortsupport"
#       adds isms.TYPE_sortsupport to the btree class.
#
# POSIX sh and sed only.  Usage: sh tools/parts.sh PART... > isms--V.sql
set -eu
top=$(dirname "$0")/..
kinds=$top/src/kinds.def
template=$top/sql/templates/ordered_type.sql.in

# One sed command per list of src/kinds.def, e.g.
#   s/@labels ISMS_DECISION_KIND@/'grant', 'suspend', .../g
labels=$(sed -n 's/^\(ISMS_[A-Z_]*\)(.*/\1/p' "$kinds" | sort -u |
    while read -r list; do
        printf 's/@labels %s@/%s/g\n' "$list" "$(sed -n \
            "s/^$list([A-Z0-9_]*, *\([a-z0-9_]*\)).*/'\1'/p" "$kinds" |
            paste -s -d, - | sed 's/,/, /g')"
    done)

ordered_type() {
    case $2 in
    c) impl="s/@IMPL \([a-z_]*\) [a-z-]*@/'MODULE_PATHNAME', 'isms_$1_\1' LANGUAGE C/" ;;
    char) impl="s/@IMPL [a-z_]* \([a-z]*\)@/'\1' LANGUAGE internal/" ;;
    *) echo "parts.sh: unknown implementation \"$2\" of type $1" >&2; exit 1 ;;
    esac
    if [ "${3-}" = sortsupport ]; then ss='s/^@SORTSUPPORT@//'; else ss='/^@SORTSUPPORT@/d'; fi
    sed -e "$ss" -e "$impl" -e "s/@TYPE@/$1/g" "$template"
}

for part in "$@"; do
    case $part in
    *.sql.in)
        sed "$labels" "$part" | while IFS= read -r line || [ -n "$line" ]; do
            case $line in
            '@ordered_type '*'@')
                args=${line#@ordered_type }
                # shellcheck disable=SC2086
                ordered_type ${args%@} ;;
            *'@'[a-z]*'@'*)
                echo "parts.sh: $part: unknown directive: $line" >&2; exit 1 ;;
            *) printf '%s\n' "$line" ;;
            esac
        done ;;
    *) cat "$part" ;;
    esac
done
