#!/usr/bin/env bash
# One place per rule: every rule ID that src/ mentions (code, messages and
# comments alike) is mentioned by one source file only, the file that owns
# the rule; other files cite it through the owner's constant or build its
# violation there.  Lists each rule ID with its file, and fails naming every
# ID found in more than one file.  Needs no server (suite "unit").
#
# Usage: bash tools/rule_owners.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# A rule ID: a family of capitals and a number (CYC-3, TIME-1).  Tokens of
# that form that are no rule IDs:
not_rules='^(UTF-8)$'

# "ID file" for every ID in every text file of src/ (build products are
# binary and skipped)
pairs=$(grep -rIoE '\b[A-Z]{2,5}-[0-9]+\b' src/ |
        awk -F: -v skip="$not_rules" '$2 !~ skip {print $2, $1}' | sort -u || true)
[ -n "$pairs" ] || { echo "rule_owners: no rule ID found in src/"; exit 1; }

status=0
while read -r id; do
    files=$(awk -v id="$id" '$1 == id {print $2}' <<<"$pairs")
    n=$(wc -l <<<"$files")
    if [ "$n" -gt 1 ]; then
        echo "FAIL $id is mentioned in $n files:" $files
        status=1
    else
        echo "ok   $id $files"
    fi
done < <(awk '{print $1}' <<<"$pairs" | sort -uV)
ids=$(awk '{print $1}' <<<"$pairs" | sort -u | wc -l)
if [ $status -eq 0 ]; then
    echo "rule owners: $ids rule IDs, each in one file"
else
    echo "rule owners: a rule ID is mentioned in more than one file"
fi
exit $status
