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

for h in tar-index chunk-map ova-xml xvafile libvirt-xml; do
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

# The libvirt XML written for each ova.xml the model accepts is valid
# libvirt XML, by libvirt's own schema.
if command -v virt-xml-validate >/dev/null; then
    xml="$(mktemp)"
    cleanup_fn rm -f "$xml"
    n=0
    for f in $(find "$srcdir/corpus/libvirt-xml" \
                    "$srcdir/regression/libvirt-xml" -type f 2>/dev/null |
               sort); do
        status=0
        ./ova-libvirt-xml "$f" > "$xml" || status=$?
        case $status in
            0) virt-xml-validate "$xml" domain >/dev/null ||
                   { cat "$xml"; echo "$0: invalid XML for $f" >&2; exit 1; }
               n=$((n+1)) ;;
            2) ;;                   # refused by the model
            *) echo "$0: ova-libvirt-xml fails on $f" >&2; exit 1 ;;
        esac
    done
    [ "$n" -gt 0 ]
    echo "virt-xml-validate: $n domains valid"
fi
