#!/bin/bash -
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Replay the fuzzing corpus and every input that once crashed a harness
# (regression/NAME/) through the harnesses built without libFuzzer.  A
# harness aborts on a broken invariant; the reader must not print.

source ../functions.sh
set -e
set -x

: "${srcdir:=.}"
err="$(mktemp)"
cleanup_fn rm -f "$err"

for h in tar-index chunk-map ova-xml xvafile; do
    dirs=("$srcdir/corpus/$h")
    [ -d "$srcdir/regression/$h" ] && dirs+=("$srcdir/regression/$h")
    n=$(find "${dirs[@]}" -type f | wc -l)
    [ "$n" -gt 0 ]
    $VG ./replay-$h "${dirs[@]}" 2>"$err" || {
        cat "$err"
        # Name the input that fails on its own.
        find "${dirs[@]}" -type f | sort | while read -r f; do
            ./replay-$h "$f" 2>/dev/null || echo "$0: replay-$h fails on $f" >&2
        done
        exit 1
    }
    if [ -s "$err" ]; then
        cat "$err"
        echo "$0: replay-$h: something printed on stderr" >&2
        exit 1
    fi
    echo "replay-$h: $n inputs replayed"
done
