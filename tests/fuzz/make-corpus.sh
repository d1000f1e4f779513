#!/bin/bash -
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Write the seed corpus of the fuzzing harnesses, corpus/NAME/, from the
# test XVA generator (run it again when make-xva.py changes):
#
#   xvafile, tar-index   tiny XVAs: 512-byte chunks of disks of a few KiB,
#                        in each tar flavour, both checksums, keep-alives
#   ova-xml              ova.xml of every good make-xva.py variant
#   chunk-map            the member lists of the tiny XVAs' disks, as
#                        fuzz-chunk-map.c's records
#   libvirt-xml          the ova-xml corpus (hostile names included)
#
# Usage: tests/fuzz/make-corpus.sh   (uses /usr/bin/python3 and GNU tar)

set -e
cd "$(dirname "$0")"
py=/usr/bin/python3
gen="$py ../make-xva.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rm -rf corpus
mkdir -p corpus/xvafile corpus/tar-index corpus/ova-xml corpus/chunk-map \
    corpus/libvirt-xml

# Raw disks: a, 8 sectors with data in 4; b, 2.6 sectors with a short
# last one; c, one sector.
$py - "$tmp" <<'EOF'
import random, sys
r = random.Random(1)
a = bytearray(8 * 512)
for i in (0, 2, 3, 7):
    a[i * 512:(i + 1) * 512] = r.randbytes(512)
b = bytearray(2 * 512 + 300)
b[:100], b[-50:] = r.randbytes(100), r.randbytes(50)
for name, data in (("a", a), ("b", b), ("c", r.randbytes(512))):
    open("%s/%s.raw" % (sys.argv[1], name), "wb").write(data)
EOF

# tiny NAME DISKS [OPTIONS]: DISKS are letters of the disks above.
tiny ()
{
    local name="$1" disks="$2" d raws=()
    shift 2
    for d in $(echo "$disks" | fold -w1); do raws+=("$tmp/$d.raw"); done
    $gen --from-raw --chunk-size 512 --name "$name" "$@" \
        "$tmp/$name.xva.tmp" "${raws[@]}" >/dev/null
    mv "$tmp/$name.xva.tmp" "$tmp/$name.xva"
}
tiny v7-xxhash-keepalive ab --keepalive-every 1
tiny v7-sha1 a --checksum sha1
tiny ustar b --format ustar
tiny gnu-uefi ac --format gnu --uefi
tiny pax-sha1 b --format pax --checksum sha1
tiny one-chunk c
tiny gzip c --compress gzip
$gen metadata-only "$tmp/metadata-only" >/dev/null

for f in "$tmp"/*.xva; do
    name="$(basename "$f" .xva)"
    cp "$f" corpus/xvafile/"$name"
    [ "$name" = gzip ] || cp "$f" corpus/tar-index/"$name"
done

# Every chunk and checksum member of each disk, in archive order: op
# (0 chunk, 1 .checksum, 2 .xxhash; + 4: the offset is given), number,
# size, data offset.
$py - "$tmp" corpus/chunk-map <<'EOF'
import glob, os, re, struct, sys, tarfile
for path in sorted(glob.glob(sys.argv[1] + "/*.xva")):
    if "gzip" in path:
        continue
    disks = {}
    with tarfile.open(path) as t:
        for m in t.getmembers():
            g = re.fullmatch(r"(Ref:\d+)/(\d+)(\.checksum|\.xxhash)?", m.name)
            if g:
                op = {None: 0, ".checksum": 1, ".xxhash": 2}[g.group(3)]
                disks.setdefault(g.group(1), []).append(struct.pack(
                    "<BQIQ", op | 4, int(g.group(2)), m.size, m.offset_data))
    for ref, recs in disks.items():
        name = "%s-%s" % (os.path.basename(path)[:-4], ref[4:])
        open(os.path.join(sys.argv[2], name), "wb").write(b"".join(recs))
EOF

for v in $($gen --list | grep -v '^bad-'); do
    $gen "$v" "$tmp/v" >/dev/null
    case "$v" in
        gzip) gzip -dc "$tmp/v.xva" > "$tmp/v.tar" ;;
        zstd) zstd -qdc "$tmp/v.xva" > "$tmp/v.tar" ;;
        *) mv "$tmp/v.xva" "$tmp/v.tar" ;;
    esac
    tar -xOf "$tmp/v.tar" ova.xml > corpus/ova-xml/"$v"
    rm -f "$tmp"/v*
done
for v in bad-xml bad-v1; do
    $gen "$v" "$tmp/v" >/dev/null
    tar -xOf "$tmp/v.xva" ova.xml > corpus/ova-xml/"$v"
    rm -f "$tmp"/v*
done

cp corpus/ova-xml/* corpus/libvirt-xml/

du -sh corpus
