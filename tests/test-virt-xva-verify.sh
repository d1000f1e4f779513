#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# virt-xva verify: exit 0 when every chunk matches, 1 and every bad chunk
# listed when some do not, 2 when the XVA cannot be read.

source ./functions.sh
set -e
set -x

requires_program jq

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

for v in v7-sha1 v7-xxhash pax gzip zstd keepalive mixed-checksum multi-disk; do
    make_xva "$v"
    virt-xva verify "$XVA_DATA/$v.xva" > "$tmp/out"
    grep -q " 0 mismatches$" "$tmp/out"
    virt-xva verify --json "$XVA_DATA/$v.xva" | jq -e '.ok and (.mismatches | length == 0) and .chunks_checked > 0'
done

for v in sha1-bad xxhash-bad; do
    make_xva "$v"
    x="$XVA_DATA/$v.xva"
    nbad="$(jq '.bad_chunks | length' "$XVA_DATA/$v.json")"
    set +e
    virt-xva verify "$x" > "$tmp/out" 2> "$tmp/err"
    status=$?
    set -e
    test $status -eq 1
    cat "$tmp/out" "$tmp/err"
    # Every bad chunk is listed, and only those.
    jq -r '.bad_chunks[] | "\(.ref)/\(.chunk)"' "$XVA_DATA/$v.json" | sort > "$tmp/want"
    sed -n 's/^.*corrupt XVA: \(Ref:[^/]*\)\/0*\([0-9][0-9]*\) .*checksum mismatch.*$/\1\/\2/p' \
        "$tmp/out" | sort > "$tmp/got"
    diff -u "$tmp/want" "$tmp/got"
    test "$(wc -l < "$tmp/err")" -eq 1
    if [ "$nbad" -eq 1 ]; then
        grep -qx "virt-xva: error: $x: 1 chunk does not match its checksum" "$tmp/err"
    else
        grep -qx "virt-xva: error: $x: $nbad chunks do not match their checksums" "$tmp/err"
    fi
    # The JSON report says the same.
    set +e
    virt-xva verify --json "$x" > "$tmp/json" 2>/dev/null
    status=$?
    set -e
    test $status -eq 1
    jq -r '.mismatches[] | "\(.ref)/\(.chunk)"' "$tmp/json" | sort > "$tmp/got"
    diff -u "$tmp/want" "$tmp/got"
    jq -e '.ok == false' "$tmp/json"

    # convert refuses by default, and names the chunk.
    set +e
    virt-xva convert -q "$x" "$tmp/out.raw" 2> "$tmp/err"
    status=$?
    set -e
    test $status -eq 1
    grep -q 'checksum mismatch.*(use --checksum=warn to convert anyway)' "$tmp/err"
    test ! -e "$tmp/out.raw"
    # --checksum=ignore converts without looking.
    virt-xva convert -q --checksum=ignore "$x" "$tmp/out.raw"
    cmp "$tmp/out.raw" "$XVA_DATA/$v-0.raw"
    rm -f "$tmp/out.raw"
done

# Unreadable input: exit 2.
make_xva bad-truncated
set +e
virt-xva verify "$XVA_DATA/bad-truncated.xva" 2>/dev/null
status=$?
set -e
test $status -eq 2
