#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# virt-xva inspect, ls and cat stopped by SIGINT, SIGTERM or SIGHUP
# while the libguestfs appliance is launching: they die of the signal
# and leave nothing in $TMPDIR (their directory with nbdkit's socket,
# pid file and the overlays, and libguestfs's own temporary directory),
# and no nbdkit or qemu running.

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program qemu-img
requires_program guestfish

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
# libguestfs's appliance is built once and shared (its default place
# when TMPDIR is not set), not rebuilt in each test's TMPDIR.
export LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-/var/tmp}"

make_xva multi-disk
x="$XVA_DATA/multi-disk.xva"

n=0
for case in "inspect INT 2" "ls TERM 15" "cat HUP 1"; do
    read -r cmd sig num <<<"$case"
    n=$(( n + 1 ))
    export TMPDIR="$tmp/t$n"
    mkdir "$TMPDIR"
    case "$cmd" in
        inspect) args=("$x") ;;
        ls) args=("$x" /) ;;
        cat) args=("$x" /etc/hostname) ;;
    esac
    virt-xva -v "$cmd" "${args[@]}" > "$tmp/out$n" 2> "$tmp/log$n" &
    pid=$!
    # libguestfs prints qemu's command line as it starts it (a log of
    # its own for each case, so that no earlier line is seen): the
    # appliance is launching, our directory and nbdkit are there.
    wait_for_line "$tmp/log$n" '^/usr/bin/qemu-system'
    ls -d "$TMPDIR"/virt-xva.*/nbdkit.sock
    kill -"$sig" "$pid"
    set +e
    wait "$pid"
    status=$?
    set -e
    test "$status" -eq $(( 128 + num ))
    test -z "$(ls -A "$TMPDIR")"
    not pgrep -f "nbdkit.*$TMPDIR/"
    # libguestfs's recovery process kills qemu once we are gone.
    for (( i = 0; i < 600; ++i )); do
        pgrep -f "qemu-system.*$TMPDIR/" >/dev/null || break
        sleep 0.1
    done
    not pgrep -f "qemu-system.*$TMPDIR/"
done
