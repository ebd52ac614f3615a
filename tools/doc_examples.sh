#!/usr/bin/env bash
# Every SQL example of doc/surfaces.md appears verbatim in the regression
# test that runs it (sql/surfaces.sql), so the page cannot drift from what
# the test checks.
set -euo pipefail
cd "$(dirname "$0")/.."
perl -0777 -e '
    my ($doc, $test) = @ARGV;
    local $/; open my $d, "<", $doc or die; my $md = <$d>;
    open my $t, "<", $test or die; my $sql = <$t>;
    my ($n, $bad) = (0, 0);
    while ($md =~ /```sql\n(.*?)```/sg) {
        $n++;
        if (index($sql, $1) < 0) { $bad++; print "not in $test:\n$1\n"; }
    }
    die "no SQL examples in $doc\n" unless $n;
    print "$doc: $n SQL examples, ", $n - $bad, " found verbatim in $test\n";
    exit($bad ? 1 : 0);
' doc/surfaces.md sql/surfaces.sql
