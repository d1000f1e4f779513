#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmarks of the slow jobs on the Debian test guest (tests/guest.sh),
# as ratios to a baseline measured in the same run:
#
#   ./run tests/bench/bench-v2v.sh [convert] [inspect]   (default: both)
#
# convert: "virt-v2v -i xva VM.xva -o local -of qcow2" against the
#   baseline "virt-v2v -i disk GUEST.raw" of the same disk already
#   extracted, and the peak disk space used in the temporary directory
#   during each run (the XVA must be read in place: no copy of a disk).
# inspect: "virt-xva inspect" (libguestfs inspection through nbdkit xva)
#   with the bytes it read from the XVA, counted by nbdkit-stats-filter,
#   against the XVA's size; and virt-inspector on the raw disk as the
#   time baseline.
#
# Each conversion takes minutes under TCG; each figure is one run.

set -e

top="${XVA_TOP_SRCDIR:?run this through ./run}"
measure="/usr/bin/python3 $top/tests/bench/measure.py"
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(convert inspect)

xva="$("$top/tests/guest.sh")"
img="$(ls "$(dirname "$xva")"/guest-*.img | head -1)"
work="$(mktemp -d "${BENCH_DIR:-/var/tmp}/bench-v2v.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work/tmp"
mkdir "$TMPDIR"

# Warm the page cache.
cat "$xva" "$img" > /dev/null

row () {
    # row LABEL SECONDS BASE EXTRA
    printf "%-44s %8.1f s  %5.2fx  %s\n" "$1" "$2" \
        "$(echo "$2 / $3" | bc -l)" "$4"
}

# peak_tmp CMD...: run CMD, sampling the space used under $TMPDIR every
# 0.5 s; prints "SECONDS PEAK_MIB".
peak_tmp () {
    local peak=0 u start end pid
    start=$(date +%s.%N)
    "$@" > "$work/log" 2>&1 &
    pid=$!
    while kill -0 $pid 2>/dev/null; do
        u=$(du -sm "$TMPDIR" 2>/dev/null | cut -f1)
        [ "${u:-0}" -gt "$peak" ] && peak=$u
        sleep 0.5
    done
    wait $pid || { tail -20 "$work/log" >&2; return 1; }
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc -l) $peak"
}

for job in "${jobs[@]}"; do
    case "$job" in
    convert)
        echo "== virt-v2v -i xva vs -i disk, -o local -of qcow2 ($(du -h --apparent-size "$img" | cut -f1) guest)"
        mkdir -p "$work/out"
        read -r t_disk p_disk < <(peak_tmp \
            virt-v2v -i disk "$img" -o local -os "$work/out" -of qcow2 -on bench)
        rm -f "$work/out"/*
        row "virt-v2v -i disk GUEST.raw (baseline)" "$t_disk" "$t_disk" \
            "peak temp ${p_disk} MiB"
        read -r t_xva p_xva < <(peak_tmp \
            virt-v2v -i xva "$xva" -o local -os "$work/out" -of qcow2 -on bench)
        rm -f "$work/out"/*
        row "virt-v2v -i xva VM.xva" "$t_xva" "$t_disk" \
            "peak temp ${p_xva} MiB"
        ;;
    inspect)
        echo "== virt-xva inspect: time, and bytes read from the XVA"
        read -r t_vi _ < <($measure --runs 1 -- \
            "virt-inspector --format=raw -a $img > /dev/null")
        row "virt-inspector on GUEST.raw (baseline)" "$t_vi" "$t_vi" ""
        stats="$work/stats"
        rm -f "$stats"
        read -r t_in _ < <(XVA_NBDKIT="$top/tests/bench/nbdkit-stats" \
            XVA_BENCH_STATSFILE="$stats" $measure --runs 1 -- \
            "virt-xva inspect $xva > /dev/null")
        size=$(stat -c %s "$xva")
        # "read: N ops, T s, 123.45 MiB, ..." (human units).
        read_bytes=$(awk '$1 == "read:" {
            v = $6; u = $7; sub(/,$/, "", u);
            m = 1; if (u == "KiB") m = 1024; if (u == "MiB") m = 1048576;
            if (u == "GiB") m = 1073741824;
            s += v * m } END { printf "%d", s }' "$stats")
        row "virt-xva inspect VM.xva" "$t_in" "$t_vi" \
            "read $((read_bytes / 1048576)) MiB of $((size / 1048576)) MiB = $(echo "scale=2; 100 * $read_bytes / $size" | bc -l) %"
        ;;
    *)
        echo "bench-v2v.sh: unknown job $job (convert, inspect)" >&2
        exit 1
        ;;
    esac
done
