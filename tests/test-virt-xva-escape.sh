#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Untrusted text never reaches the terminal raw.  hostile-names carries
# newlines followed by a forged "virt-xva: all chunks OK" line, CR, C1
# controls (U+009B CSI, U+009D OSC), bidi controls in its ova.xml
# strings (VM name, description, disk ref and name, network), and ESC
# sequences, BEL, a raw 0x9b byte and invalid UTF-8 in a tar member
# name; hostile-bad-name has such a member name that makes it bad.
# Every program's output and messages are checked to be valid UTF-8
# without a control character (but the newlines between lines) and
# without the forged line, and to show the escaped form (escape.h);
# --json stays valid JSON that gives back the original strings.
# (inspect and ls print guest strings through the same escaping; they
# boot the appliance and are not run here: test-escape covers it.)

source ./functions.sh
set -e
set -x

requires_program jq
requires_program nbdkit
requires_program nbdsh

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

make_xva hostile-names
make_xva hostile-bad-name
x="$XVA_DATA/hostile-names.xva"
bad="$XVA_DATA/hostile-bad-name.xva"

# safe FILE...: each file is UTF-8 with no control character but
# newline, no C1 control, line separator or bidi control, and no line
# that starts as the forged one.
cat > "$tmp/safe.py" <<'EOF'
import sys
status = 0
for path in sys.argv[1:]:
    text = open(path, "rb").read().decode("utf-8")     # strict
    for n, line in enumerate(text.split("\n"), 1):
        bad = [c for c in line if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f
               or 0x2028 <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
        if bad or line.startswith("virt-xva: all chunks OK"):
            print("%s:%d: unsafe: %s" % (path, n, ascii(line)))
            status = 1
sys.exit(status)
EOF
safe ()
{
    $PYTHON3 "$tmp/safe.py" "$@"
}

# has FILE TEXT: FILE has a line containing TEXT (a fixed string).
has ()
{
    grep -qF -- "$2" "$1" || {
        echo "$0: $1 lacks: $2"
        cat "$1"
        return 1
    }
}

# What the escaped strings look like (backslashes are literal here).
forged='\nvirt-xva: all chunks OK'
name='evil'"$forged"'\r\u009b2J\u202egpj.exe'
ref='Ref:1\u009b2J'"$forged"
member='Ref:\x1b]0;pwned\x07\x1b[2J\x9b\xff'"$forged"'/'
absolute='/\x1b]0;pwned\x07\x1b[2J\x9b\xff'"$forged"

# info: every string escaped, the warning naming the member too.
virt-xva info "$x" >"$tmp/out" 2>"$tmp/err"
safe "$tmp/out" "$tmp/err"
has "$tmp/out" "name: $name"
has "$tmp/out" 'description: line one'"$forged"'\t\u0085\u009d0;title\u009c'
has "$tmp/out" "  disk 0: $ref userdevice 0 (xvda) bootable"
has "$tmp/out" '    name: disk\r'"$forged"'\u2066'
has "$tmp/out" '  nic 0: mac 00:16:3e:5a:01:02 network '\
'"net\u009d0;pwned\u009c'"$forged"'" bridge xenbr0'
test "$(wc -l < "$tmp/err")" -eq 1
has "$tmp/err" "virt-xva: warning: $x: $member: data of a disk"

# info --json: valid JSON, safe to print, and the strings come back as
# they are in ova.xml; the member name's invalid bytes are U+FFFD.
virt-xva info --json "$x" >"$tmp/json"
safe "$tmp/json"
jq -e . "$tmp/json" >/dev/null
$PYTHON3 - "$tmp/json" "$XVA_DATA/hostile-names.json" <<'EOF'
import json, sys
got = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
want = json.load(open(sys.argv[2]))
pairs = [(got["name"], want["name"]),
         (got["description"], want["description"]),
         (got["disks"][0]["ref"], want["ref"]),
         (got["disks"][0]["name"], want["disk_name"]),
         (got["nics"][0]["network"], want["network"])]
for g, w in pairs:
    assert g == w, (g, w)
w = got["warnings"]
assert len(w) == 1 and \
    "Ref:\x1b]0;pwned\x07\x1b[2J\ufffd\ufffd\nvirt-xva: all chunks OK/" \
    in w[0], w
EOF
test "$(jq -r .name "$tmp/json" | head -1)" = "evil"

# verify: the mismatch line and the summary escaped.
status=0
virt-xva verify "$x" >"$tmp/out" 2>"$tmp/err" || status=$?
test "$status" -eq 1
safe "$tmp/out" "$tmp/err"
has "$tmp/out" "$x: corrupt XVA: $ref/00000001 (disk 0, offset 1048576): "\
"xxhash checksum mismatch"
has "$tmp/out" "$x: 3 chunks checked, 0 without checksum, 1 mismatch"
test "$(wc -l < "$tmp/out")" -eq 2
has "$tmp/err" "virt-xva: warning: $x: $member: data of a disk"
status=0
virt-xva verify --json "$x" >"$tmp/json" 2>/dev/null || status=$?
test "$status" -eq 1
safe "$tmp/json"
jq -e --arg ref "$(jq -r '.ref' "$XVA_DATA/hostile-names.json")" \
    '.mismatches[0].ref == $ref' "$tmp/json"

# convert: the error names the bad chunk, escaped, raw and qcow2: the
# same line both ways (the qcow2 path relays nbdkit's message, escaped
# once by the plugin, and must not escape its backslashes again).
for fmt in raw qcow2; do
    status=0
    virt-xva convert -O $fmt "$x" "$tmp/disk.$fmt" 2>"$tmp/err.$fmt" ||
        status=$?
    test "$status" -ne 0
    safe "$tmp/err.$fmt"
    grep -qE '^virt-xva: error: .*: corrupt XVA: '\
'Ref:1\\u009b2J\\nvirt-xva: all chunks OK/00000001 .*checksum mismatch' \
         "$tmp/err.$fmt"
    test ! -e "$tmp/disk.$fmt"
done
cmp "$tmp/err.raw" "$tmp/err.qcow2"
virt-xva convert --checksum=warn "$x" "$tmp/disk.raw" 2>"$tmp/err"
safe "$tmp/err"
has "$tmp/err" "virt-xva: warning: $x: corrupt XVA: $ref/00000001"

# nbdkit xva: errors, warnings and debug messages escaped.
nbdkit -U - xva "$x" --run 'nbdsh -u "$uri" -c "
try:
    h.pread(512, 1048576)
    raise SystemExit(\"the bad chunk was read\")
except nbd.Error:
    pass
"' 2>"$tmp/err"
safe "$tmp/err"
has "$tmp/err" "error: $x: corrupt XVA: $ref/00000001 (disk 0"
nbdkit -U - xva "$x" verify=warn --run 'nbdcopy "$uri" "$tmp/out"' \
    2>"$tmp/err"
safe "$tmp/err"
has "$tmp/err" "nbdkit: xva: warning: $x: corrupt XVA: $ref/00000001"
# (No client: nbdkit's own debug lines echo the export name it asks for
# as they are.)
nbdkit -v -U - xva "$x" --run true 2>"$tmp/err"
safe "$tmp/err"
has "$tmp/err" "default export $ref"
has "$tmp/err" "warning: $x: $member: data of a disk"
# The export's description, for people, is escaped too.
nbdkit -U - xva "$x" --run 'nbdinfo --list --json "$uri"' >"$tmp/json"
test "$(jq -r '.exports[0].description' "$tmp/json")" = \
     'disk 0: disk\r'"$forged"'\u2066 on xvda, 3145728 bytes, bootable '\
'(default)'

# A member name that makes the XVA bad: one escaped line, everywhere.
msg="$bad: corrupt XVA: member name is an absolute path: $absolute"
expect_error 1 "virt-xva: error: $msg" virt-xva info "$bad"
expect_error 1 "virt-xva: error: $msg" virt-xva info --json "$bad"
expect_error 2 "virt-xva: error: $msg" virt-xva verify "$bad"
expect_error 1 "virt-xva: error: $msg" virt-xva convert "$bad" "$tmp/o.raw"
expect_error 1 "virt-xva: error: $msg" \
    virt-xva convert -O qcow2 "$bad" "$tmp/o.qcow2"
expect_error 1 "nbdkit: error: $msg" nbdkit -U - xva "$bad" --run true
test ! -e "$tmp/o.raw"
test ! -e "$tmp/o.qcow2"
