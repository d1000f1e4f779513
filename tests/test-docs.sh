#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The manuals are valid POD and document every option of the programs.

source ./functions.sh
set -e
set -x

requires_program podchecker

docs="$abs_top_srcdir/docs"
for pod in "$docs"/*.pod; do
    podchecker -warnings "$pod"
    # Each page is built and installed, in its section.
    grep -q "^	$(basename "$pod") " "$docs/Makefile.am"
done
grep -qi '^\.TH "\{0,1\}xva-format"\{0,1\} 5 ' "$abs_top_builddir/docs/xva-format.5"
grep -qi '^\.TH "\{0,1\}virt-xva"\{0,1\} 1 ' "$abs_top_builddir/docs/virt-xva.1"

# The format page gives the reader's limits as the code defines them.
fmt="$docs/xva-format.pod"
limit ()
{
    local v
    v="$(sed -n "s/^#define $1$/\1/p" "$abs_top_srcdir"/common/xva/*.[ch] |
         sort -u)"
    test -n "$v" && test "$(echo "$v" | wc -l)" -eq 1 && echo "$v"
}
n="$(limit 'OVA_XML_MAX (\([0-9]*\) << 20)')"
grep -q "at most $n MiB" "$fmt"
n="$(limit 'OVA_MAX_VBDS \([0-9]*\)')"
grep -q "at most $n virtual block devices" "$fmt"
m="$(limit 'MAX_DIRECTORIES (\([0-9]*\) \* OVA_MAX_VBDS)')"
grep -q "at most $(( m * n ));" "$fmt"
n="$(limit 'CHUNK_MAP_MAX_OFFSET ((UINT64_C (1) << \([0-9]*\)) - 1)')"
grep -q "below 2^$n bytes" "$fmt"
n="$(limit 'SMALLEST_CHUNK \([0-9]*\)')"
grep -q "I<V> / $n + 2" "$fmt"

# Every long option of virt-xva appears in its manual.
for opt in $(virt-xva --long-options) --json --disk --checksum --progress --quiet; do
    grep -q -- "B<$opt" "$docs/virt-xva.pod" || {
        echo "$0: $opt is not documented in virt-xva.pod"
        exit 1
    }
done
# And every subcommand's own options, from its --help.
for sub in info verify convert; do
    virt-xva $sub --help | grep -o -- '--[a-z-]*' | sort -u |
    while read -r opt; do
        grep -q -- "B<$opt" "$docs/virt-xva.pod" || {
            echo "$0: $sub $opt is not documented in virt-xva.pod"
            exit 1
        }
    done
done

# Every output format convert's usage names has its -O item.
for fmt in $(virt-xva convert --help | grep -o -- '-O [a-z0-9|]*' |
             cut -c4- | tr '|' ' '); do
    grep -q -- "^=item B<-O $fmt>" "$docs/virt-xva.pod"
done
test "$(virt-xva convert --help | grep -o -- '-O raw|qcow2')" = "-O raw|qcow2"

# The plugin's parameters are in its manual.
for key in file fd name disk verify; do
    grep -q "B<$key=" "$docs/nbdkit-xva-plugin.pod"
done
nbdkit xva --help | grep -q 'verify=verify|warn|ignore'
nbdkit xva --help | grep -q '^fd=<N> '

# The front-end's manual names the options it looks at.
for opt in "-i xva" -ic -if -io -ip -it -v --machine-readable; do
    grep -q -- "B<$opt>" "$docs/virt-v2v-input-xva.pod"
done
