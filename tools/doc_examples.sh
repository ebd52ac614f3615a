#!/usr/bin/env bash
# Every example of README.md and of the pages of doc/ (each ```sql and ```sh
# block) is run by a test: it must appear, character for character, in one of the test files
# (tools/*.sh, sql/*.sql, test/*.sql), which run it.  Needs no server.
set -euo pipefail
cd "$(dirname "$0")/.."
perl -e '
    local $/;
    my $tests = "";
    for my $f (glob("tools/*.sh sql/*.sql test/*.sql")) {
        next if $f eq "tools/doc_examples.sh";
        open(my $h, "<", $f) or die "$f: $!"; $tests .= <$h>; close($h);
    }
    my ($blocks, $missing) = (0, 0);
    for my $doc (@ARGV) {
        open(my $h, "<", $doc) or die "$doc: $!"; my $text = <$h>; close($h);
        # a block may be indented (in a list item): its indentation is not part of it
        while ($text =~ /^( *)```(sql|sh)\n(.*?)^\1```$/msg) {
            $blocks++;
            my ($indent, $lang, $block) = ($1, $2, $3);
            $block =~ s/^$indent//mg;
            $block =~ s/\n\z//;
            next if index($tests, $block) >= 0;
            $missing++;
            print "$doc: this $lang example is not run by any test:\n$block\n";
        }
    }
    print "$blocks examples, $missing not run by a test\n";
    exit($missing > 0 || $blocks == 0);
' README.md doc/*.md
