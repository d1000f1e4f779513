#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The tar index (libarchive's archive_filter_bytes after each header)
# gives the same member data offsets as an independent tar reader,
# Python's tarfile, for every header flavour.

source ./functions.sh
set -e
set -x

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

for v in v7-sha1 ustar gnu pax width20 ref000 keepalive multi-disk; do
    make_xva "$v"
    "$abs_builddir/tar-index-list" "$XVA_DATA/$v.xva" 2>"$tmp/flavour" |
        sort > "$tmp/ours"
    $PYTHON3 -c '
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers():
        if m.isfile():
            name = m.name[2:] if m.name.startswith("./") else m.name
            print(name, m.offset_data, m.size)
' "$XVA_DATA/$v.xva" | sort > "$tmp/theirs"
    test -s "$tmp/theirs"
    diff -u "$tmp/theirs" "$tmp/ours"
done

# The flavour libarchive reports is the one the generator wrote.
for v in v7-sha1 ustar gnu pax; do
    "$abs_builddir/tar-index-list" "$XVA_DATA/$v.xva" 2>&1 >/dev/null |
        grep -qx "flavour: ${v%-sha1}"
done
