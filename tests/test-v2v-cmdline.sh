#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The front-end reads the command line as virt-v2v 2.2's getopt does,
# checked as a property: for hundreds of spellings of valid "-i xva"
# command lines (grouped short options "-qvxi xva", "-ixva", "--oo=a=b"
# or "-oo a=b", unique abbreviations such as "--print-sour", aliases,
# the XVA before, between or after the options or behind "--"), the
# argv that reaches the real virt-v2v (a stand-in set with
# XVA_REAL_VIRT_V2V that prints its argv, one word per line) holds the
# same options, each in one canonical form with its argument as a
# separate word, "-i libvirtxml" instead of "-i xva", and the XML after
# "--" instead of the XVA.  And every input option is refused with -i
# xva, wherever it stands.  XVA_TEST_SEED=N replays another draw.

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program qemu-img
requires test -x /usr/bin/virt-v2v

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export TMPDIR="$tmp"

# The option table is the real virt-v2v's: the front-end's own listing
# of its getopt table matches it (hidden --long-options/--short-options
# aside, which neither lists).
diff -u <(/usr/bin/virt-v2v --long-options | sort) \
        <(virt-v2v-xva --xva-long-options | sort)
diff -u <(/usr/bin/virt-v2v --short-options | sort) \
        <(virt-v2v-xva --xva-short-options | sort)
/usr/bin/virt-v2v --long-options > "$tmp/long-options"

cat > "$tmp/stand-in" <<'EOF'
#!/bin/bash
printf '%s\n' "$@" > "$STAND_IN_OUT"
EOF
chmod +x "$tmp/stand-in"
export XVA_REAL_VIRT_V2V="$tmp/stand-in"

make_xva v7-xxhash
mkdir "$tmp/x"
# An XVA whose name looks like an option: only "--" makes it the input.
ln -s "$XVA_DATA/v7-xxhash.xva" "$tmp/x/vm.xva"
ln -s "$XVA_DATA/v7-xxhash.xva" "$tmp/x/-q.xva"

cd "$tmp/x"
"$PYTHON3" - "$tmp/long-options" "${XVA_TEST_SEED:-12}" <<'EOF'
import os, random, subprocess, sys

LONG = [l.strip()[2:] for l in open(sys.argv[1]) if l.strip()]
LONG += ["long-options", "short-options"]     # hidden, but in the table
rng = random.Random(int(sys.argv[2]))
OUT = os.path.join(os.environ["TMPDIR"], "argv")
os.environ["STAND_IN_OUT"] = OUT

# Valid options for -i xva: (canonical form, names, takes an argument).
# One-letter names are short options; every longer one is a long name.
SPECS = [
    ("--quiet", ["q", "quiet"], False),
    ("--verbose", ["v", "verbose"], False),
    ("-x", ["x"], False),
    ("--colour", ["color", "colors", "colour", "colours"], False),
    ("--compressed", ["compressed"], False),
    ("--print-source", ["print-source"], False),
    ("--echo-keys", ["echo-keys"], False),
    ("--keys-from-stdin", ["keys-from-stdin"], False),
    ("--debug-gc", ["debug-gc"], False),
    ("--qemu-boot", ["qemu-boot"], False),
    ("--wrap", ["wrap"], False),
    ("--bridge", ["b", "bridge"], True),
    ("--network", ["n", "network"], True),
    ("-o", ["o"], True),
    ("-oa", ["oa"], True), ("-oc", ["oc"], True), ("-of", ["of"], True),
    ("-on", ["on"], True), ("-oo", ["oo"], True), ("-op", ["op"], True),
    ("-os", ["os"], True),
    ("--mac", ["mac"], True),
    ("--root", ["root"], True),
    ("--key", ["key"], True),
    ("--bandwidth", ["bandwidth"], True),
    ("--bandwidth-file", ["bandwidth-file"], True),
    ("--vmtype", ["vmtype"], True),
    ("--no-trim", ["no-trim"], True),
    ("--vdsm-compat", ["vdsm-compat"], True),
    ("--machine-readable", ["machine-readable"], None),  # optional
]
TAKES = {s[0]: s[2] for s in SPECS}
ARGS = ["a=b", "local", "/some dir", "x:y", "-q", "--", "", "=", "-ixva",
        "00:16:3e:00:00:01:bridge:br0", "first", "--print-source"]

def long_match(word):
    """The long names getopt_long_only would take word ("-..." or
    "--...") for: an exact match, else every name it is a prefix of."""
    body = word.lstrip("-").split("=")[0]
    if body in LONG:
        return [body]
    return [n for n in LONG if n.startswith(body)]

def prefixes(name, single_dash):
    """Unique abbreviations of a long name (and the name itself)."""
    out = [name]
    for k in range(2 if single_dash else 1, len(name)):
        if long_match("--" + name[:k]) == [name]:
            out.append(name[:k])
    return out

def spell(canon, name, arg):
    """Words for one option given by one of its names."""
    if len(name) == 1:
        if arg is None:
            return ["-" + name]
        if (rng.random() < 0.4 and arg and
                not long_match("-" + name + arg)):
            return ["-" + name + arg]          # -ixva, -onull
        return ["-" + name, arg]
    dash = rng.choice(["-", "--"])
    n = rng.choice(prefixes(name, dash == "-"))
    if TAKES[canon] is None:                   # optional: only with '='
        return [dash + n] if arg is None else [dash + n + "=" + arg]
    if arg is None:
        return [dash + n]
    if rng.random() < 0.5:
        return [dash + n + "=" + arg]
    return [dash + n, arg]

def draw():
    """A logical command line: [(canon, name, arg)], -i xva included."""
    opts = []
    for _ in range(rng.randrange(0, 7)):
        canon, names, takes = rng.choice(SPECS)
        arg = rng.choice(ARGS) if takes else None
        if takes is None and rng.random() < 0.5:
            arg = rng.choice(["file:/x", "json", ""])
        opts.append((canon, rng.choice(names), arg))
    opts.insert(rng.randrange(0, len(opts) + 1), ("-i", "i", "xva"))
    return opts

def render(opts, xva, xva_at, dashdash):
    """Words, grouping runs of one-letter options as "-qvxi xva"."""
    words, i, placed = [], 0, dashdash
    while i < len(opts):
        if not placed and i >= xva_at:
            words.append(xva)
            placed = True
        canon, name, arg = opts[i]
        if len(name) == 1 and arg is None and rng.random() < 0.7:
            group = name
            while i + 1 < len(opts) and len(opts[i + 1][1]) == 1:
                i += 1
                _, n2, a2 = opts[i]
                group += n2
                if a2 is not None:
                    if rng.random() < 0.5 and a2:
                        group += a2
                    else:
                        words += ["-" + group, a2]
                        group = None
                    break
            if group is not None:
                words.append("-" + group)
            i += 1
            continue
        words += spell(canon, name, arg)
        i += 1
    if dashdash:
        words += ["--", xva]
    elif not placed:
        words.append(xva)
    return words

def expected(opts):
    want = []
    for canon, name, arg in opts:
        if canon == "-i":
            continue
        if canon == "--machine-readable":
            want.append((canon + ("=" + arg if arg is not None else ""),))
        elif arg is None:
            want.append((canon,))
        else:
            want.append((canon, arg))
    return sorted(want)

def got(words):
    assert words[:2] == ["-i", "libvirtxml"], words
    assert words[-2] == "--" and words[-1].endswith("/domain.xml"), words
    mid, out, i = words[2:-2], [], 0
    while i < len(mid):
        w = mid[i]
        if w.startswith("--machine-readable"):
            out.append((w,)); i += 1
        elif TAKES.get(w):
            out.append((w, mid[i + 1])); i += 2
        elif w in TAKES:
            out.append((w,)); i += 1
        else:
            raise AssertionError("not a canonical option: %r in %r" %
                                 (w, words))
    return sorted(out)

def run(words):
    if os.path.exists(OUT):
        os.unlink(OUT)
    p = subprocess.run(["virt-v2v"] + words, capture_output=True,
                       text=True)
    return p

# Fixed cases first: the ones the old parser got wrong, then the draw.
fixed = [
    (["-qi", "xva", "vm.xva", "-o", "null"],
     [("--quiet",), ("-o", "null")]),
    (["-vxi", "xva", "vm.xva"], [("--verbose",), ("-x",)]),
    (["-vxixva", "vm.xva"], [("--verbose",), ("-x",)]),
    (["vm.xva", "-ixva", "--oo=a=b", "-oo", "c=d"],
     [("-oo", "a=b"), ("-oo", "c=d")]),
    (["--print-sour", "-i", "xva", "--", "-q.xva"], [("--print-source",)]),
    (["-i", "xva", "-q", "--", "-q.xva"], [("--quiet",)]),
    (["-os", "--", "-i", "xva", "vm.xva"], [("-os", "--")]),
    (["-ro=first", "-qvi", "xva", "vm.xva", "--machine-readable"],
     [("--root", "first"), ("--quiet",), ("--verbose",),
      ("--machine-readable",)]),
]
cases = list(fixed)
n_draw = 0
while n_draw < 300:
    opts = draw()
    dashdash = rng.random() < 0.3
    xva = "-q.xva" if dashdash and rng.random() < 0.5 else "vm.xva"
    words = render(opts, xva, rng.randrange(0, len(opts) + 1), dashdash)
    cases.append((words, None, opts))
    n_draw += 1

failed = 0
for case in cases:
    words, want = case[0], case[1]
    if want is None:
        want = expected(case[2])
    else:
        want = sorted(want)
    p = run(words)
    try:
        assert p.returncode == 0, (p.returncode, p.stderr)
        g = got(open(OUT).read().split("\n")[:-1])
        assert g == want, (g, want)
    except Exception as e:              # any misreading is a failure
        failed += 1
        print("FAIL: virt-v2v %r: %s" % (words, e))
print("%d command lines, %d failed" % (len(cases), failed))

# Every input option is refused with -i xva, wherever it stands, however
# it is spelled, and nothing runs.
REFUSED = [("-ic", "ic"), ("-if", "if"), ("-io", "io"), ("-ip", "ip"),
           ("-it", "it"), ("--password-file", "password-file"),
           ("--vddk-libdir", "vddk-libdir"),
           ("--vddk-thumbprint", "vddk-thumbprint")]
n_refusals = 0
for canon, name in REFUSED:
    spellings = [["-" + name, "v"], ["--" + name, "v"],
                 ["-" + name + "=v"], ["--" + name + "=v"]]
    spellings += [["--" + p, "v"] for p in prefixes(name, False)[1:]]
    for sp in spellings:
        for layout in (
                ["-i", "xva", "vm.xva"] + sp,
                sp + ["-i", "xva", "vm.xva"],
                ["-o", "null"] + sp + ["-qixva", "vm.xva"],
                ["vm.xva"] + sp + ["-vx", "-ixva"],
                sp + ["-i", "xva", "--", "-q.xva"]):
            for prog in ("virt-v2v", "virt-v2v-xva"):
                w = layout if prog == "virt-v2v" else \
                    [x for x in layout if x not in ("-i", "xva")]
                if os.path.exists(OUT):
                    os.unlink(OUT)
                p = subprocess.run([prog] + w, capture_output=True,
                                   text=True)
                n_refusals += 1
                msg = "%s: error: -i xva does not take %s\n" % (prog, canon)
                if (p.returncode != 1 or p.stderr != msg or p.stdout or
                        os.path.exists(OUT)):
                    failed += 1
                    print("FAIL: %s %r: status %d, %r" %
                          (prog, w, p.returncode, p.stderr))
print("%d refusals checked" % n_refusals)
sys.exit(1 if failed else 0)
EOF
cd /

# Errors getopt finds are reported as virt-v2v reports them, and
# nothing runs.
rm -f "$tmp/argv"
export STAND_IN_OUT="$tmp/argv"
for bad in "--bogus" "-b" "-ver" "--print-source=x"; do
    set +e
    virt-v2v -i xva "$tmp/x/vm.xva" $bad 2>"$tmp/err"
    status=$?
    set -e
    test $status -eq 1
    grep -q "^virt-v2v: .*option" "$tmp/err"
    grep -q "^Try ‘virt-v2v --help’" "$tmp/err"
done
test ! -e "$tmp/argv"

# --help and --version with -i xva: the real virt-v2v answers, without
# the -i xva it does not know.
virt-v2v -i xva --version
test "$(cat "$tmp/argv")" = "--version"

test -z "$(ls -d "$tmp"/virt-v2v-xva.* 2>/dev/null)"
