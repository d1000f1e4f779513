#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# What the front-end hands to virt-v2v, checked with a stand-in for the
# real virt-v2v (XVA_REAL_VIRT_V2V) that records its arguments, keeps
# the libvirt XML, and copies every disk it is given: the options come
# through untouched and in order, the XML is valid libvirt XML, and the
# disks are the XVA's disks in userdevice order, read through nbdkit.

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program qemu-img
requires_program virt-xml-validate

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
# Temporary directories of the programs go in $tmp: tests run in
# parallel must not see each other's.
export TMPDIR="$tmp"
export tmp

cat > "$tmp/fake-v2v" <<'FAKE'
#!/bin/bash
# Stand-in for virt-v2v: record, copy the disks, exit with $FAKE_STATUS.
printf '%s\n' "$@" > "$tmp/argv"
xml=
for a in "$@"; do case "$a" in *.xml) xml="$a" ;; esac; done
cp "$xml" "$tmp/domain.xml"
i=0
for src in $(sed -n 's/.*<source file="\([^"]*\)".*/\1/p' "$xml"); do
    qemu-img convert -f qcow2 -O raw "$src" "$tmp/disk$i.raw"
    i=$((i+1))
done
exit ${FAKE_STATUS:-0}
FAKE
chmod +x "$tmp/fake-v2v"
export XVA_REAL_VIRT_V2V="$tmp/fake-v2v"

make_xva multi-disk
x="$XVA_DATA/multi-disk.xva"
virt-v2v -o local -os "/some dir" -i xva --mac 00:16:3e:00:00:01:bridge:br0 \
         "$x" -of qcow2 -n "Pool-wide network associated with eth0:default" \
         --root=first -oo a=b
cat "$tmp/argv"
# Everything but "-i xva VM.xva" comes through, in order, after
# "-i libvirtxml" and before "--" and the XML, each option in its
# canonical form (test-v2v-cmdline.sh checks that as a property).
cat > "$tmp/want" <<WANT
-i
libvirtxml
-o
local
-os
/some dir
--mac
00:16:3e:00:00:01:bridge:br0
-of
qcow2
--network
Pool-wide network associated with eth0:default
--root
first
-oo
a=b
--
WANT
head -n -1 "$tmp/argv" > "$tmp/got"
diff -u "$tmp/want" "$tmp/got"
tail -1 "$tmp/argv" | grep -q '/domain.xml$'

virt-xml-validate "$tmp/domain.xml" domain
for i in 0 1 2; do
    cmp "$tmp/disk$i.raw" "$XVA_DATA/multi-disk-$i.raw"
done
grep -q '<memory unit="KiB">2097152</memory>' "$tmp/domain.xml"
grep -q '<mac address="00:16:3e:00:00:02"/>' "$tmp/domain.xml"
grep -q '<source bridge="xapi1"/>' "$tmp/domain.xml"
grep -q '<target dev="hdd" bus="ide"/>' "$tmp/domain.xml"

# Every variant gives valid libvirt XML.
for v in v7-xxhash uefi pv cdrom-iso ref000 suspend snapshot; do
    make_xva "$v"
    virt-v2v -i xva "$XVA_DATA/$v.xva" -o null
    virt-xml-validate "$tmp/domain.xml" domain
done
# Hostile names and strings from ova.xml: the XML stays valid libvirt
# XML, <name> is safe as a file name, the name_label is kept in <title>
# on one line, and no two drives share a target.
for v in name-dotdot name-hidden name-control name-long name-empty \
         name-utf8 two-cdroms; do
    make_xva "$v"
    virt-v2v -i xva "$XVA_DATA/$v.xva" -o null
    virt-xml-validate "$tmp/domain.xml" domain
    name="$(sed -n 's,^  <name>\(.*\)</name>$,\1,p' "$tmp/domain.xml")"
    [[ "$name" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$ ]]
    test -z "$(sed -n 's/.*<target dev="\([^"]*\)".*/\1/p' \
               "$tmp/domain.xml" | sort | uniq -d)"
done
make_xva name-control
virt-v2v -i xva "$XVA_DATA/name-control.xva" -o null
grep -qxF '  <title>bad\x0aname\u009b[2J\x0dx\x09y\x7fz</title>' \
     "$tmp/domain.xml"
make_xva two-cdroms
virt-v2v -i xva "$XVA_DATA/two-cdroms.xva" -o null
grep -q '<target dev="hdd" bus="ide"/>' "$tmp/domain.xml"
grep -q '<target dev="hda" bus="ide"/>' "$tmp/domain.xml"
grep -q '<source bridge="Pool_net_.._x"/>' "$tmp/domain.xml"

make_xva uefi
virt-v2v -i xva "$XVA_DATA/uefi.xva" -o null
grep -q '<os firmware="efi">' "$tmp/domain.xml"

# -ixva and --print-source work the getopt_long_only way; virt-v2v's exit
# status comes back; a name with shell metacharacters is only a name.
cp "$XVA_DATA/v7-xxhash.xva" "$tmp/a \$(touch pwned); b's.xva"
FAKE_STATUS=3 virt-v2v -ixva "$tmp/a \$(touch pwned); b's.xva" -o null && status=0 || status=$?
test $status -eq 3
test ! -e pwned && test ! -e "$tmp/pwned"

# Input options that make no sense for an XVA are refused before anything
# starts.
for opt in "-ic qemu:///system" "-it ssh" "-if raw" "-io x=y" "-ip pw"; do
    set +e
    virt-v2v -i xva $opt "$x" -o null 2>"$tmp/err"
    status=$?
    set -e
    test $status -eq 1
    grep -qx "virt-v2v: error: -i xva does not take ${opt%% *}" "$tmp/err"
done

# Without -i xva, the real virt-v2v gets the command line untouched.
virt-v2v -i disk /some/disk.img -o null --some-unknown
printf -- '-i\ndisk\n/some/disk.img\n-o\nnull\n--some-unknown\n' > "$tmp/want"
diff -u "$tmp/want" "$tmp/argv"

# Bad XVAs are refused with one line before virt-v2v starts.
rm -f "$tmp/argv"
make_xva bad-missing-disk
expect_error 1 "virt-v2v: error: $XVA_DATA/bad-missing-disk.xva: disk 1 (Ref:7, xvdb) is missing from the archive" \
    virt-v2v -i xva "$XVA_DATA/bad-missing-disk.xva" -o null
make_xva bad-v1
expect_error 1 "virt-v2v: error: $XVA_DATA/bad-v1.xva: legacy XVA version 1 is not supported: re-export it from a current XenServer or XCP-ng" \
    virt-v2v -i xva "$XVA_DATA/bad-v1.xva" -o null
make_xva metadata-only
expect_error 1 "virt-v2v: error: $XVA_DATA/metadata-only.xva: metadata-only export: there are no disks to convert" \
    virt-v2v -i xva "$XVA_DATA/metadata-only.xva" -o null
expect_error 1 "virt-v2v: error: -i xva: give the XVA file on the command line" \
    virt-v2v -i xva -o null
test ! -e "$tmp/argv"

# Nothing left behind.
test -z "$(ls -d "$tmp"/virt-v2v-xva.* 2>/dev/null)"
