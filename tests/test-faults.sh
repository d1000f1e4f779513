#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Faults in the middle of a run: SIGINT and SIGTERM to virt-xva convert
# and to the virt-v2v front-end, nbdkit killed under the front-end, and
# an XVA that shrinks while it is served.  Each ends with the right exit
# status and a clear error, and leaves no process, socket, temporary
# file or output that looks complete.  (ENOSPC and a checksum mismatch
# half-way are in test-virt-xva-convert-atomic.sh, SIGTERM during
# qemu-img in test-virt-xva-convert-qcow2.sh.)

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program nbdcopy
requires_program qemu-img

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export tmp
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"

# no_process_on FILE: nothing of ours still runs on FILE.
no_process_on ()
{
    if pgrep -f "(nbdkit|virt-xva|fake-v2v|qemu-img).*$1" >/dev/null; then
        pgrep -af "$1" >&2
        echo "$0: a process on $1 is still running"
        exit 1
    fi
}

# A 64 MiB disk of random data: a conversion of it takes long enough to
# be stopped in the middle.
head -c 64M /dev/urandom > "$tmp/disk.raw"
$MAKE_XVA --from-raw "$tmp/vm.xva" "$tmp/disk.raw" >/dev/null
x="$tmp/vm.xva"

# --- virt-xva convert, SIGINT and SIGTERM while it writes -------------
# The process is stopped as soon as its temporary output exists, sent
# the signal and continued, so the signal always lands mid-run.  On a
# loaded machine the whole conversion can run before this shell looks
# again, or between its look and the stop: then the output is there
# once the process is stopped.  Such a run must have written the right
# output, and the attempt is made again (at most 20 times).
for sig in INT TERM; do
    mkdir "$tmp/out"
    stopped=
    for (( attempt = 1; attempt <= 20; ++attempt )); do
        (
            # A background job of a non-interactive shell ignores
            # SIGINT: give convert back the default disposition.
            trap - INT
            exec virt-xva convert -q "$x" "$tmp/out/disk.raw"
        ) &
        pid=$!
        deadline=$(( SECONDS + 300 ))
        { set +x; } 2>/dev/null     # a busy loop: keep it out of the log
        while kill -0 $pid 2>/dev/null; do
            if compgen -G "$tmp/out/disk.raw.tmp-*" >/dev/null; then
                kill -STOP $pid 2>/dev/null && stopped=1
                break
            fi
            if (( SECONDS > deadline )); then
                kill -KILL $pid
                echo "$0: convert made no temporary output in 300 s"
                exit 1
            fi
        done
        set -x
        # Stopped mid-run: the output is not there yet.
        if test -n "$stopped" && test ! -e "$tmp/out/disk.raw"; then
            break
        fi
        # Missed: the run is over (or all but over), and must have
        # succeeded.
        if test -n "$stopped"; then kill -CONT $pid; fi
        stopped=
        wait $pid
        cmp "$tmp/out/disk.raw" "$tmp/disk.raw"
        rm "$tmp/out/disk.raw"
        test -z "$(ls -A "$tmp/out")"
    done
    if test -z "$stopped"; then
        echo "$0: convert always finished before it could be stopped"
        exit 1
    fi
    kill -$sig $pid
    kill -CONT $pid
    set +e
    wait $pid
    status=$?
    set -e
    case $sig in INT) test $status -eq 130 ;; TERM) test $status -eq 143 ;; esac
    test -z "$(ls -A "$tmp/out")"
    test -z "$(ls -A "$TMPDIR")"
    no_process_on "$x"
    rmdir "$tmp/out"
done

# --- the virt-v2v front-end -------------------------------------------
# A stand-in for the real virt-v2v: it runs the command in $FAKE_DO
# (with $1... the disks it was given), then copies every disk.
cat > "$tmp/fake-v2v" <<'EOF'
#!/bin/bash
xml="${@: -1}"
disks=($(sed -n 's/.*<source file="\([^"]*\)".*/\1/p' "$xml"))
echo $$ > "$tmp/fake-v2v.pid"
eval "$FAKE_DO"
for d in "${disks[@]}"; do
    qemu-img convert -f qcow2 -O raw "$d" "$tmp/copy.raw" || exit 1
done
EOF
chmod +x "$tmp/fake-v2v"
export XVA_REAL_VIRT_V2V="$tmp/fake-v2v"

# It works when nothing goes wrong.
FAKE_DO= virt-v2v -i xva "$x" -o null
cmp "$tmp/copy.raw" "$tmp/disk.raw"
rm "$tmp/copy.raw" "$tmp/fake-v2v.pid"

# SIGINT and SIGTERM while virt-v2v runs: it gets the signal, nbdkit is
# stopped, the temporary directory removed, and the front-end dies of
# the same signal.
for sig in INT TERM; do
    (
        trap - INT
        FAKE_DO='exec sleep 60' exec virt-v2v -i xva "$x" -o null
    ) &
    pid=$!
    wait_for_file "$tmp/fake-v2v.pid"
    nbdkit_pid="$(cat "$TMPDIR"/virt-v2v-xva.*/nbdkit.pid)"
    kill -$sig $pid
    set +e
    wait $pid
    status=$?
    set -e
    case $sig in INT) test $status -eq 130 ;; TERM) test $status -eq 143 ;; esac
    for p in "$(cat "$tmp/fake-v2v.pid")" "$nbdkit_pid"; do
        if kill -0 "$p" 2>/dev/null; then
            echo "$0: process $p is still running after SIG$sig"
            exit 1
        fi
    done
    test -z "$(ls -A "$TMPDIR")"
    test ! -e "$tmp/copy.raw"
    rm "$tmp/fake-v2v.pid"
done

# nbdkit killed under virt-v2v: virt-v2v's own error, then ours naming
# the cause, exit 1, nothing left.
FAKE_DO='kill -KILL $(cat "$(dirname "${disks[0]}")/nbdkit.pid"); sleep 0.5' \
    virt-v2v -i xva "$x" -o null 2>"$tmp/err" && {
    echo "$0: virt-v2v succeeded with nbdkit killed"; exit 1; }
cat "$tmp/err"
test "$(tail -1 "$tmp/err")" = "virt-v2v: error: $x: nbdkit xva, which served the disks, was killed by signal 9 while virt-v2v ran"
test -z "$(ls -A "$TMPDIR")"
no_process_on "$x"
rm -f "$tmp/copy.raw" "$tmp/fake-v2v.pid"

# The XVA shrinks while virt-v2v reads it: the read fails with the
# plugin's error naming the file, and the run fails.
cp "$x" "$tmp/shrink.xva"
FAKE_DO='truncate -s 16M "$tmp/shrink.xva"' \
    virt-v2v -i xva "$tmp/shrink.xva" -o null 2>"$tmp/err" && {
    echo "$0: virt-v2v succeeded on a shrunk XVA"; exit 1; }
cat "$tmp/err"
grep -q "^nbdkit: .*error: $tmp/shrink.xva: unexpected end of file at offset [0-9]* (truncated XVA?)$" "$tmp/err"
test -z "$(ls -A "$TMPDIR")"
no_process_on "$tmp/shrink.xva"
rm -f "$tmp/copy.raw" "$tmp/fake-v2v.pid" "$tmp/shrink.xva"

# --- nbdkit xva on an XVA that shrinks after it was indexed ------------
# Reads past the new end fail with EIO and one error naming the file;
# reads before it still work; nbdkit neither crashes nor serves zeros.
cp "$x" "$tmp/shrink.xva"
nbdkit -U - xva "$tmp/shrink.xva" --run '
    truncate -s 16M "$tmp/shrink.xva"
    nbdsh -u "$uri" -c "
h.pread(1 << 20, 0)
try:
    h.pread(1 << 20, 32 << 20)
    raise SystemExit(\"a read past the end of the shrunk XVA succeeded\")
except nbd.Error as e:
    assert e.errno == \"EIO\", e
"' 2>"$tmp/err"
cat "$tmp/err"
grep -q "error: $tmp/shrink.xva: unexpected end of file at offset [0-9]* (truncated XVA?)" "$tmp/err"
test -z "$(ls -A "$TMPDIR")"
no_process_on "$tmp/shrink.xva"
