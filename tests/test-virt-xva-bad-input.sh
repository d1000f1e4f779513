#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Bad input: every program says what is wrong in one line naming the
# file, exits non-zero, writes nothing to stdout and leaves no output.
# nbdkit xva refuses the same files at start-up, before any client.

source ./functions.sh
set -e
set -x

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
# The programs' temporary directories and nbdkit's sockets go here, to
# be checked empty after each case.
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"
# virt-v2v -i xva must refuse before it runs virt-v2v: this one fails
# the test if it is ever run.
cat > "$tmp/no-v2v" <<'EOF'
#!/bin/sh
echo "virt-v2v was run on a bad XVA" >&2
exit 99
EOF
chmod +x "$tmp/no-v2v"
export XVA_REAL_VIRT_V2V="$tmp/no-v2v"

# nothing_left FILE: no output, temporary file, socket or nbdkit
# process is left behind after a case on FILE.
nothing_left ()
{
    test -z "$(ls -A "$TMPDIR")"
    test "$(ls -A "$tmp")" = "$(printf 'no-v2v\ntmpdir')"
    if pgrep -f "nbdkit.*$1" >/dev/null; then
        echo "$0: an nbdkit serving $1 is still running"
        exit 1
    fi
}

# bad VARIANT 'MESSAGE AFTER "FILE: "'
bad ()
{
    local v="$1" msg="$2" x
    if [ -f "$v" ] || [ -d "$v" ] || [ -c "$v" ]; then
        x="$v"
    else
        make_xva "$v"
        x="$XVA_DATA/$v.xva"
    fi
    expect_error 1 "virt-xva: error: $x: $msg" virt-xva info "$x"
    expect_error 1 "virt-xva: error: $x: $msg" virt-xva info --json "$x"
    expect_error 2 "virt-xva: error: $x: $msg" virt-xva verify "$x"
    expect_error 1 "virt-xva: error: $x: $msg" virt-xva convert "$x" "$tmp/out"
    nothing_left "$x"
    expect_error 1 "virt-xva: error: $x: $msg" virt-xva inspect "$x"
    nothing_left "$x"
    expect_error 1 "virt-xva: error: $x: $msg" \
        virt-xva convert -O qcow2 "$x" "$tmp/out"
    nothing_left "$x"
    expect_error 1 "virt-v2v: error: $x: $msg" \
        virt-v2v -i xva "$x" -o null
    nothing_left "$x"
    set +e
    nbdkit -U - xva "$x" --run 'echo served' > "$tmp/nbd.out" 2> "$tmp/nbd.err"
    status=$?
    set -e
    test $status -ne 0
    test ! -s "$tmp/nbd.out"
    grep -qF "$x: $msg" "$tmp/nbd.err"
    rm -f "$tmp/nbd.out" "$tmp/nbd.err"
    nothing_left "$x"
}

bad bad-empty                  "empty file, not an XVA"
bad bad-not-xva                "not an XVA file (no ova.xml member)"
bad bad-no-ova                 "not an XVA file (no ova.xml member)"
bad bad-v1                     "legacy XVA version 1 is not supported: re-export it from a current XenServer or XCP-ng"
bad bad-dotdot                 'corrupt XVA: member name contains "..": Ref:1/../../etc/passwd'
bad bad-absolute               "corrupt XVA: member name is an absolute path: /etc/passwd"
bad bad-duplicate              "corrupt XVA: Ref:1/00000002: duplicate chunk number"
bad bad-missing-disk           "disk 1 (Ref:7, xvdb) is missing from the archive"
bad bad-xml                    "ova.xml: line 1: Premature end of data in tag value line 1"
bad bad-truncated-ova          "corrupt XVA: member ova.xml (10542 bytes at offset 512) runs past the end of the file (truncated XVA?)"
bad bad-size-garbage           "corrupt XVA: Damaged tar archive at offset 1062912"
bad bad-size-negative          "corrupt XVA: Tar entry has negative size at offset 1061888"
bad bad-size-overflow          "corrupt XVA: Tar entry size overflow at offset 1061888"
bad bad-symlink                "corrupt XVA: member is not a regular file: Ref:1/00000001"
bad bad-hardlink               "corrupt XVA: member is a hard link: Ref:1/00000001"
bad bad-dir-chunk              "corrupt XVA: member is a directory, not a chunk: Ref:1/00000001"
bad bad-virtual-size           "ova.xml: disk Ref:1 has a virtual_size of 9223372036854775808 bytes, more than the 64 PiB this program handles"
bad bad-big-chunk              "corrupt XVA: Ref:1/00000001: chunk of 1049088 bytes is larger than 1 MiB"
bad bad-checksum-length        "corrupt XVA: Ref:1/00000001.xxhash: checksum of 15 bytes (expected 16)"
bad bad-extra-checksum         "corrupt XVA: Ref:1/00000009.xxhash does not follow its chunk"
# Compressed, 4 KiB of disk declared, 1 GiB inside: refused at the
# bound that ova.xml sets (data, padding, keep-alives, headers of the
# one disk, and 1 MiB to spare), whether the excess is a chunk, a
# member of no disk or a directory that ova.xml does not name.
bad bad-bomb-zstd              "corrupt XVA: the zstd-compressed data expands past the 3173376 bytes that ova.xml declares"
bad bad-bomb-gzip              "corrupt XVA: the gzip-compressed data expands past the 3173376 bytes that ova.xml declares"
bad bad-bomb-undeclared        "corrupt XVA: the gzip-compressed data expands past the 3173376 bytes that ova.xml declares"
bad bad-repacked-gzip          "the first member of this gzip-compressed tar is not ova.xml: not an XVA, or a re-packed one (decompress it first)"
# Disk counts: one limit, 256 VBDs, refused at once by every program
# (before, 1100 VBDs sharing two VDIs overran convert's and verify's
# fixed arrays of 1024); and a VDI that two disks would both read.
bad bad-vbds-1100              "ova.xml: the VM has 1100 virtual block devices, more than the 256 supported"
bad bad-vbds-257               "ova.xml: the VM has 257 virtual block devices, more than the 256 supported"
bad bad-shared-vdi             "ova.xml: VDI Ref:5 is attached by more than one VBD"

# Not errors, by design.  A chunk without its checksum file is served
# and counted (xapi can write one; xva-format(5), CHECKSUMS).  A NUL ends a tar
# name field in every tar reader: "Ref:1/00000001\0/../../etc/passwd" is
# chunk 1 and nothing more (and no member name is ever a path we write).
# Both hold the same disk data.
make_xva bad-missing-checksum
x="$XVA_DATA/bad-missing-checksum.xva"
test "$(virt-xva verify "$x")" = "$x: 2 chunks checked, 1 without checksum, 0 mismatches"
virt-xva convert -q "$x" "$tmp/want"
make_xva bad-nul-name
x="$XVA_DATA/bad-nul-name.xva"
test "$(virt-xva verify "$x")" = "$x: 3 chunks checked, 0 without checksum, 0 mismatches"
virt-xva convert -q "$x" "$tmp/out"
cmp "$tmp/out" "$tmp/want"
rm "$tmp/out" "$tmp/want"
nothing_left "$x"

# At the limit every disk is handled: verify finds the bad checksum in
# the last of 256 disks, convert writes all 256 and leaves nothing else.
make_xva disks-256-bad
x="$XVA_DATA/disks-256-bad.xva"
virt-xva info "$x" | grep -qx 'disks: 256'
set +e
virt-xva verify "$x" > "$tmp/out" 2>/dev/null
status=$?
set -e
test $status -eq 1
cat "$tmp/out"
test "$(wc -l < "$tmp/out")" -eq 2
grep -qF "$x: corrupt XVA: Ref:10255/00000000 (disk 255, offset 0): xxhash checksum mismatch" "$tmp/out"
grep -qxF "$x: 256 chunks checked, 0 without checksum, 1 mismatch" "$tmp/out"
rm "$tmp/out"
virt-xva convert -q --checksum=ignore "$x" "$tmp/out"
test "$(ls "$tmp/out" | wc -l)" -eq 256
for i in 0 254 255; do
    cmp "$tmp/out/disk$i.raw" "$XVA_DATA/disks-256-bad-$i.raw"
done
rm -r "$tmp/out"
nothing_left "$x"

# Messages that depend on where the file was cut: check the stable part.
for v in bad-truncated bad-truncated-header bad-header-checksum bad-beyond; do
    make_xva "$v"
    x="$XVA_DATA/$v.xva"
    set +e
    virt-xva info "$x" > "$tmp/out" 2> "$tmp/err"
    status=$?
    set -e
    test $status -eq 1
    test ! -s "$tmp/out"
    test "$(wc -l < "$tmp/err")" -eq 1
    cat "$tmp/err"
    case "$v" in
        bad-truncated|bad-truncated-header)
            grep -qE "^virt-xva: error: $x: (corrupt XVA: .*truncated XVA\?|unexpected end of file.*truncated XVA\?|corrupt XVA: Truncated tar archive.*)" "$tmp/err" ;;
        bad-header-checksum)
            grep -qE "^virt-xva: error: $x: corrupt XVA: Damaged tar archive" "$tmp/err" ;;
        bad-beyond)
            grep -qE "^virt-xva: error: $x: corrupt XVA: Ref:[^/]*/[0-9]+: chunk beyond the end of the disk \(virtual_size [0-9]+\)$" "$tmp/err" ;;
    esac
    rm -f "$tmp/out" "$tmp/err"
done

# Not files at all.
bad /dev/zero                  "not a regular file or block device"
mkdir "$tmp/dir"
expect_error 1 "virt-xva: error: $tmp/dir: is a directory, not an XVA file (unpacked XVAs are not supported)" \
    virt-xva info "$tmp/dir"
rmdir "$tmp/dir"
expect_error 1 "virt-xva: error: $tmp/nonexistent.xva: No such file or directory" \
    virt-xva info "$tmp/nonexistent.xva"

# A compressed file that does not hold a tar.
echo "hello" | gzip > "$tmp/hello.xva"
expect_error 1 "virt-xva: error: $tmp/hello.xva: not an XVA file (gzip compressed data that is not a tar archive)" \
    virt-xva info "$tmp/hello.xva"
# A gzip "bomb" of zeros is stopped at its first block.
head -c 100M /dev/zero | gzip -1 > "$tmp/bomb.xva"
expect_error 1 "virt-xva: error: $tmp/bomb.xva: not an XVA file (gzip compressed data that is not a tar archive)" \
    virt-xva info "$tmp/bomb.xva"
rm -f "$tmp/hello.xva" "$tmp/bomb.xva"

# ova.xml with a DTD (external entities, then billion laughs) is
# refused without being fetched or expanded.
mkdir "$tmp/ent"
cat > "$tmp/ent/ova.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE value [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<value>&xxe;</value>
XML
tar -C "$tmp/ent" -cf "$tmp/xxe.xva" ova.xml
rm -r "$tmp/ent"
expect_error 1 "virt-xva: error: $tmp/xxe.xva: ova.xml: document type declarations are not allowed" \
    virt-xva info "$tmp/xxe.xva"
rm -f "$tmp/xxe.xva"
mkdir "$tmp/ent"
{
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE value ['
    echo ' <!ENTITY a "lollollollollollollollollollol">'
    prev=a
    for e in b c d e f g h i j; do
        echo " <!ENTITY $e \"$(printf "&$prev;%.0s" {1..10})\">"
        prev=$e
    done
    echo ']>'
    echo '<value>&j;</value>'
} > "$tmp/ent/ova.xml"
tar -C "$tmp/ent" -cf "$tmp/laughs.xva" ova.xml
rm -r "$tmp/ent"
expect_error 1 "virt-xva: error: $tmp/laughs.xva: ova.xml: document type declarations are not allowed" \
    virt-xva info "$tmp/laughs.xva"
rm -f "$tmp/laughs.xva"

# Metadata-only exports are described but not converted or served.
make_xva metadata-only
x="$XVA_DATA/metadata-only.xva"
expect_error 1 "virt-xva: error: $x: metadata-only export: there is no disk data to convert" \
    virt-xva convert "$x" "$tmp/out"
test ! -e "$tmp/out"
set +e
nbdkit -U - xva "$x" --run true 2> "$tmp/err"
status=$?
set -e
test $status -ne 0
grep -qF "$x: metadata-only export: there is no disk data to serve" "$tmp/err"

# Bad options are refused before anything is opened.
for cmd in inspect ls cat; do
    expect_error 1 "virt-xva: error: $cmd: --checksum must be verify, warn or ignore, not 'sha1'" \
        virt-xva $cmd --checksum=sha1 "$x" /etc/hostname
done

# The bombs are refused before the spool grows past the bound: in a
# TMPDIR of 8 MiB the error is the bound's, not "No space left on
# device", and nothing is left there.  Honest compressed XVAs with
# keep-alives, padded last chunks and XO's placeholder still fit.
if [ "$(id -u)" -eq 0 ] && mkdir "$tmp/small" &&
   mount -t tmpfs -o size=8m tmpfs "$tmp/small" 2>/dev/null; then
    cleanup_fn umount "$tmp/small"
    for v in bad-bomb-zstd bad-bomb-gzip bad-bomb-undeclared; do
        x="$XVA_DATA/$v.xva"
        c=gzip
        [ "$v" = bad-bomb-zstd ] && c=zstd
        TMPDIR="$tmp/small" expect_error 1 "virt-xva: error: $x: corrupt XVA: the $c-compressed data expands past the 3173376 bytes that ova.xml declares" \
            timeout 60 virt-xva info "$x"
        test -z "$(ls -A "$tmp/small")"
    done
    for v in xo-keepalive-zstd xo-small-gzip; do
        make_xva "$v"
        x="$XVA_DATA/$v.xva"
        TMPDIR="$tmp/small" virt-xva verify "$x" > "$tmp/out"
        grep -q "^$x: .* 0 mismatches$" "$tmp/out"
        test -z "$(ls -A "$tmp/small")"
    done
fi
