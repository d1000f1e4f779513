#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# virt-xva convert -O qcow2 (nbdkit xva + qemu-img convert) gives back
# the disks the generator packed, as sparse qcow2 files, and fails
# cleanly.

source ./functions.sh
set -e
set -x

requires_program jq
requires_program qemu-img
requires nbdkit xva --version

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
# Our private directories (socket, logs) go here: it must end up empty.
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"

# is_qcow2 FILE SIZE: FILE is a qcow2 image of SIZE virtual bytes,
# rounded up to 512 as qemu rounds every image.
is_qcow2 ()
{
    qemu-img info --output=json "$1" > "$tmp/info.json"
    test "$(jq -r .format "$tmp/info.json")" = qcow2
    test "$(jq -r '."virtual-size"' "$tmp/info.json")" -eq \
         $(( ($2 + 511) / 512 * 512 ))
}

# data_bytes FMT FILE: bytes qemu-img map reports as data.
data_bytes ()
{
    qemu-img map -f "$1" --output=json "$2" |
        jq '[.[] | select(.data) | .length] | add // 0'
}

# check_disk QCOW2 RAW: same contents, and no more allocated than
# qemu-img allocates converting the expected raw disk itself.
check_disk ()
{
    is_qcow2 "$1" "$(stat -c %s "$2")"
    qemu-img compare -f qcow2 -F raw "$1" "$2"
    qemu-img convert -f raw -O qcow2 "$2" "$tmp/ref.qcow2"
    test "$(data_bytes qcow2 "$1")" -le "$(data_bytes qcow2 "$tmp/ref.qcow2")"
    rm -f "$tmp/ref.qcow2"
}

for v in v7-sha1 v7-xxhash pax keepalive short-last padded-last \
         multi-disk zero-disk mixed-checksum gzip zstd; do
    make_xva "$v"
    x="$XVA_DATA/$v.xva"
    nd="$(jq '.disks | length' "$XVA_DATA/$v.json")"
    if [ "$nd" -eq 1 ]; then
        virt-xva convert -q -O qcow2 "$x" "$tmp/$v.qcow2"
        check_disk "$tmp/$v.qcow2" "$XVA_DATA/$v-0.raw"
    else
        virt-xva convert -q -O qcow2 "$x" "$tmp/$v.d"
        for (( i = 0; i < nd; ++i )); do
            check_disk "$tmp/$v.d/disk$i.qcow2" "$XVA_DATA/$v-$i.raw"
        done
        test "$(ls "$tmp/$v.d" | wc -l)" -eq "$nd"
    fi
    rm -rf "$tmp/$v.qcow2" "$tmp/$v.d"
    test -z "$(ls -A "$TMPDIR")"
done

# A disk of zeros has no data clusters at all.
virt-xva convert -q -O qcow2 "$XVA_DATA/zero-disk.xva" "$tmp/z.qcow2"
test "$(data_bytes qcow2 "$tmp/z.qcow2")" -eq 0

# A mostly empty 256 MiB disk makes a small file: 2 MiB of data in
# three places, the rest holes.
truncate -s 256M "$tmp/sparse.raw"
for mib in 0 100 255; do
    head -c 1M /dev/urandom | tr '\0' x |
        dd of="$tmp/sparse.raw" bs=1M seek=$mib conv=notrunc status=none
done
$MAKE_XVA --from-raw "$tmp/sparse.xva" "$tmp/sparse.raw" >/dev/null
virt-xva convert -q -O qcow2 "$tmp/sparse.xva" "$tmp/sparse.qcow2"
check_disk "$tmp/sparse.qcow2" "$tmp/sparse.raw"
test "$(data_bytes qcow2 "$tmp/sparse.qcow2")" -eq $((3 * 1024 * 1024))
test "$(stat -c %s "$tmp/sparse.qcow2")" -lt $((8 * 1024 * 1024))
test "$(( $(stat -c %b "$tmp/sparse.qcow2") * 512 ))" -lt $((8 * 1024 * 1024))
rm -f "$tmp/sparse".*

# --disk by position and by reference.
x="$XVA_DATA/multi-disk.xva"
virt-xva convert -q -O qcow2 --disk 2 "$x" "$tmp/d2"
check_disk "$tmp/d2" "$XVA_DATA/multi-disk-2.raw"
ref="$(jq -r ".disks[1].ref" "$XVA_DATA/multi-disk.json")"
virt-xva convert -q -O qcow2 --disk "$ref" "$x" "$tmp/d1"
check_disk "$tmp/d1" "$XVA_DATA/multi-disk-1.raw"
rm -f "$tmp/d1" "$tmp/d2"

# A relative output whose name qemu-img could take for a protocol.
( cd "$tmp" && virt-xva convert -q -O qcow2 "$XVA_DATA/v7-sha1.xva" nbd:x )
check_disk "$tmp/nbd:x" "$XVA_DATA/v7-sha1-0.raw"
rm -f "$tmp/nbd:x"

# -O raw is the default and the same as before.
virt-xva convert -q -O raw "$XVA_DATA/v7-sha1.xva" "$tmp/r.raw"
cmp "$tmp/r.raw" "$XVA_DATA/v7-sha1-0.raw"
rm -f "$tmp/r.raw"

# A bad chunk: exit 1, one error line from the plugin's check, and no
# output, temporary file or private directory left.
for v in sha1-bad xxhash-bad; do
    make_xva "$v"
    mkdir "$tmp/out"
    set +e
    virt-xva convert -q -O qcow2 "$XVA_DATA/$v.xva" "$tmp/out/disk.qcow2" \
             2>"$tmp/err"
    status=$?
    set -e
    cat "$tmp/err"
    test $status -eq 1
    test "$(wc -l < "$tmp/err")" -eq 1
    grep -q "^virt-xva: error: $XVA_DATA/$v.xva: corrupt XVA: .* checksum mismatch .*(use --checksum=warn to convert anyway)\$" "$tmp/err"
    test -z "$(ls -A "$tmp/out")"
    test -z "$(ls -A "$TMPDIR")"

    # An existing output is left as it was.
    echo precious > "$tmp/out/disk.qcow2"
    set +e
    virt-xva convert -q -O qcow2 "$XVA_DATA/$v.xva" "$tmp/out/disk.qcow2" \
             2>/dev/null
    set -e
    test "$(cat "$tmp/out/disk.qcow2")" = precious
    test "$(ls -A "$tmp/out")" = disk.qcow2

    # --checksum=warn converts anyway, with a warning per bad chunk.
    virt-xva convert -q -O qcow2 --checksum=warn "$XVA_DATA/$v.xva" \
             "$tmp/out/disk.qcow2" 2>"$tmp/err"
    cat "$tmp/err"
    check_disk "$tmp/out/disk.qcow2" "$XVA_DATA/$v-0.raw"
    test "$(grep -c "^virt-xva: warning: $XVA_DATA/$v.xva: corrupt XVA: " "$tmp/err")" -ge 1
    test "$(grep -vc "^virt-xva: warning: " "$tmp/err")" -eq 0

    # --checksum=ignore: no checks, no warnings.
    virt-xva convert -q -O qcow2 --checksum=ignore "$XVA_DATA/$v.xva" \
             "$tmp/out/disk.qcow2" 2>"$tmp/err"
    test ! -s "$tmp/err"
    check_disk "$tmp/out/disk.qcow2" "$XVA_DATA/$v-0.raw"
    rm -rf "$tmp/out"
done

# The same number of warnings as the raw path prints.
virt-xva convert -q --checksum=warn "$XVA_DATA/sha1-bad.xva" "$tmp/w.raw" \
         2>"$tmp/err.raw"
virt-xva convert -q -O qcow2 --checksum=warn "$XVA_DATA/sha1-bad.xva" \
         "$tmp/w.qcow2" 2>"$tmp/err.qcow2"
test "$(sort "$tmp/err.raw")" = "$(sort "$tmp/err.qcow2")"
rm -f "$tmp/w.raw" "$tmp/w.qcow2"

# nbdkit's messages name the XVA as the user did, escaped once: the
# same lines as the raw path's for a relative name holding a backslash.
cp "$XVA_DATA/sha1-bad.xva" "$tmp/a\\b c.xva"
( cd "$tmp" &&
  virt-xva convert -q --checksum=warn 'a\b c.xva' w.raw 2>err.raw &&
  virt-xva convert -q -O qcow2 --checksum=warn 'a\b c.xva' w.qcow2 \
           2>err.qcow2 )
cat "$tmp/err.qcow2"
grep -q '^virt-xva: warning: a\\\\b c.xva: corrupt XVA: ' "$tmp/err.qcow2"
test "$(sort "$tmp/err.raw")" = "$(sort "$tmp/err.qcow2")"
rm -f "$tmp/a\\b c.xva" "$tmp/w.raw" "$tmp/w.qcow2"

# Several disks and one bad: nothing is renamed, the directory it made
# is removed.
make_xva multi-disk
mkdir "$tmp/bin"
cat > "$tmp/bin/qemu-img" <<'EOF'
#!/bin/sh
# Fail on the second disk.
case "$*" in *nbd+unix:///1*) echo "qemu-img: fake failure" >&2; exit 1 ;; esac
exec qemu-img "$@"
EOF
chmod +x "$tmp/bin/qemu-img"
expect_error 1 "virt-xva: error: $tmp/md/disk1.qcow2: qemu-img: fake failure" \
    env XVA_QEMU_IMG="$tmp/bin/qemu-img" \
    virt-xva convert -q -O qcow2 "$XVA_DATA/multi-disk.xva" "$tmp/md"
test ! -e "$tmp/md"
test -z "$(ls -A "$TMPDIR")"

# nbdkit that cannot be started: one line, nothing left.
expect_error 1 "virt-xva: error: $XVA_DATA/v7-sha1.xva: nbdkit xva could not serve the XVA ($tmp/bin/no-nbdkit: No such file or directory)" \
    env XVA_NBDKIT="$tmp/bin/no-nbdkit" \
    virt-xva convert -q -O qcow2 "$XVA_DATA/v7-sha1.xva" "$tmp/n.qcow2"
test ! -e "$tmp/n.qcow2"
test -z "$(ls -A "$TMPDIR")"

# SIGTERM while qemu-img runs: qemu-img and nbdkit are stopped, the
# temporary output and the private directory are removed.
cat > "$tmp/bin/qemu-img" <<EOF
#!/bin/sh
echo \$\$ > "$tmp/qemu-img.pid"
exec sleep 60
EOF
XVA_QEMU_IMG="$tmp/bin/qemu-img" \
    virt-xva convert -q -O qcow2 "$XVA_DATA/v7-sha1.xva" "$tmp/sig.qcow2" &
pid=$!
wait_for_file "$tmp/qemu-img.pid"
qpid="$(cat "$tmp/qemu-img.pid")"
nbdkit_pid="$(cat "$TMPDIR"/virt-xva.*/nbdkit.pid)"
kill -TERM $pid
set +e
wait $pid
status=$?
set -e
test $status -eq $((128 + 15))
for p in "$qpid" "$nbdkit_pid"; do
    if kill -0 "$p" 2>/dev/null; then
        echo "$0: process $p is still running"
        exit 1
    fi
done
test -z "$(ls -A "$TMPDIR")"
test -z "$(ls "$tmp" | grep sig.qcow2)"

# An nbdkit that does not stop on SIGTERM (nbdkit 1.32 was seen to
# hang in its exit handlers): killed after 10 seconds, the conversion
# still succeeds and nothing is left running.
cat > "$tmp/bin/stuck-nbdkit" <<EOF
#!/bin/bash
trap '' TERM
echo \$\$ > "$tmp/stuck.pid"
nbdkit "\$@"
EOF
chmod +x "$tmp/bin/stuck-nbdkit"
start=$SECONDS
XVA_NBDKIT="$tmp/bin/stuck-nbdkit" timeout 60s \
    virt-xva convert -q -O qcow2 "$XVA_DATA/v7-sha1.xva" "$tmp/stuck.qcow2"
test $(( SECONDS - start )) -ge 9
qemu-img compare -q -f raw -F qcow2 "$XVA_DATA/v7-sha1-0.raw" "$tmp/stuck.qcow2"
sleep 1
if kill -0 "$(cat "$tmp/stuck.pid")" 2>/dev/null ||
   test -n "$(ls -A "$TMPDIR")"; then
    echo "$0: the stuck nbdkit or its directory was left behind"
    exit 1
fi
rm -f "$tmp/stuck.qcow2"

# Progress is qemu-img's, with -p, on standard error.
virt-xva convert -p -O qcow2 "$XVA_DATA/v7-sha1.xva" "$tmp/p.qcow2" \
         2>"$tmp/err" >"$tmp/out"
grep -q '(100.00/100%)' "$tmp/err"
test ! -s "$tmp/out"
virt-xva convert -O qcow2 "$XVA_DATA/v7-sha1.xva" "$tmp/p.qcow2" \
         2>"$tmp/err" >"$tmp/out"
test ! -s "$tmp/err"
test ! -s "$tmp/out"

# An unknown output format.
expect_error 1 "virt-xva: error: convert: -O must be raw or qcow2, not 'vmdk'" \
    virt-xva convert -O vmdk "$XVA_DATA/v7-sha1.xva" "$tmp/none"
test ! -e "$tmp/none"

# qemu-img writes through the descriptor of the temporary output, never
# reopening it by name: a link put in place of the temporary file (in a
# directory shared with someone else) is never written through.  The
# stand-in does the swap just before the real qemu-img runs.
mkdir "$tmp/shared"
echo precious > "$tmp/victim"
cat > "$tmp/bin/qemu-img" <<EOF
#!/bin/sh
for f in "$tmp/shared"/out.qcow2.tmp-*; do
    rm -f "\$f" && ln -s "$tmp/victim" "\$f"
done
exec qemu-img "\$@"
EOF
XVA_QEMU_IMG="$tmp/bin/qemu-img" \
    virt-xva convert -q -O qcow2 "$XVA_DATA/v7-sha1.xva" "$tmp/shared/out.qcow2" || :
test "$(cat "$tmp/victim")" = precious
