#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Eight nbdcopy clients, four connections each, on one nbdkit xva server
# at once: every copy is identical to the disk (no races in the shared
# index or the lazy checksum bits).

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program nbdcopy

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export tmp

# A 64 MiB disk of mixed data, zeros and keep-alives.
$PYTHON3 "$abs_top_srcdir/tests/make-xva.py" --bench-disk 64 "$tmp/disk.raw"
$PYTHON3 "$abs_top_srcdir/tests/make-xva.py" --from-raw --checksum sha1 \
    --keepalive-every 2 "$tmp/vm.xva" "$tmp/disk.raw" >/dev/null

nbdkit -U - xva "$tmp/vm.xva" --run '
  pids=
  for i in 1 2 3 4 5 6 7 8; do
    nbdcopy --connections=4 "$uri" "'"$tmp"'/copy$i" & pids="$pids $!"
  done
  for p in $pids; do wait $p; done
'
for i in 1 2 3 4 5 6 7 8; do
    cmp "$tmp/copy$i" "$tmp/disk.raw"
done
