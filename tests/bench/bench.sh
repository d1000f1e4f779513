#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmarks, reported as ratios to a baseline measured in the same run
# on the same data.  Run through ./run from the build tree:
#
#   ./run tests/bench/bench.sh [SIZE_MIB]      (default 4096)
#
# Data (a disk of ~60% incompressible data, ~15% compressible, ~25%
# zeros, and XVAs of it with SHA-1 and with XXH64 checksums) is made
# once and kept in $BENCH_DIR (default /var/tmp/virt-v2v-xva-bench).
# Everything is measured with the page cache warm; each figure is the
# best of 3 runs.

set -e

size="${1:-4096}"
top="${XVA_TOP_SRCDIR:?run this through ./run}"
dir="${BENCH_DIR:-/var/tmp/virt-v2v-xva-bench}"
py=/usr/bin/python3
measure="$py $top/tests/bench/measure.py"
mkdir -p "$dir"

raw="$dir/disk-$size.raw"
if [ ! -f "$raw" ]; then
    echo "making a $size MiB test disk in $raw ..."
    $py "$top/tests/make-xva.py" --bench-disk "$size" "$raw.tmp"
    mv "$raw.tmp" "$raw"
fi
for sum in sha1 xxhash; do
    x="$dir/vm-$size-$sum.xva"
    if [ ! -f "$x" ] || [ "$raw" -nt "$x" ]; then
        echo "packing $x ..."
        $py "$top/tests/make-xva.py" --from-raw --checksum $sum \
            "$x.tmp" "$raw" >/dev/null
        mv "$x.tmp" "$x"
    fi
done

out="$dir/out"
rm -rf "$out"; mkdir -p "$out"
cleanup () { rm -rf "$out"; }
trap cleanup EXIT

# Warm the page cache.
cat "$raw" "$dir"/vm-$size-*.xva > /dev/null

ref="$(virt-xva info --json "$dir/vm-$size-sha1.xva" | jq -r '.disks[0].ref')"

row () {
    # row LABEL SECONDS RSS BASE CPU BASE_CPU
    printf "%-46s %8.3f s %6.2fx  cpu %7.3f s %6.2fx  %7d KiB\n" "$1" "$2" \
        "$(echo "$2 / $4" | bc -l)" "$5" "$(echo "$5 / $6" | bc -l)" "$3"
}

echo
echo "Columns: best wall time of the runs and its ratio to the section's"
echo "baseline; least CPU time (user + system) and its ratio; peak RSS."
echo
echo "== virt-xva convert vs cp and tar + xva-img ($size MiB disk)"
read -r t_cp rss_cp c_cp < <($measure --setup "rm -f $out/o" -- \
    "cp --sparse=always $raw $out/o")
row "cp --sparse=always (baseline)" "$t_cp" "$rss_cp" "$t_cp" "$c_cp" "$c_cp"

if command -v xva-img >/dev/null; then
    read -r t_xi rss_xi c_xi < <($measure --runs 1 --setup "rm -rf $out/x; mkdir $out/x" -- \
        "cd $out/x && tar -xf $dir/vm-$size-sha1.xva && chmod -R u+rwX . && xva-img -s disk-export $ref $out/o")
    row "tar -xf + xva-img -s disk-export (sha1)" "$t_xi" "$rss_xi" "$t_cp" "$c_xi" "$c_cp"
    rm -rf "$out/x"
fi
for sum in sha1 xxhash; do
    x="$dir/vm-$size-$sum.xva"
    read -r t rss c < <($measure --setup "rm -f $out/o" -- \
        virt-xva convert -q --checksum=ignore "$x" "$out/o")
    row "virt-xva convert --checksum=ignore ($sum xva)" "$t" "$rss" "$t_cp" "$c" "$c_cp"
    read -r t rss c < <($measure --setup "rm -f $out/o" -- \
        virt-xva convert -q "$x" "$out/o")
    row "virt-xva convert, $sum verified" "$t" "$rss" "$t_cp" "$c" "$c_cp"
done
cmp "$out/o" "$raw"

echo
echo "== opening (index build) vs reading the disk"
read -r t_info rss_info c_info < <($measure -- "virt-xva info $dir/vm-$size-xxhash.xva > /dev/null")
read -r t_read rss_read c_read < <($measure -- "cat $dir/vm-$size-xxhash.xva > /dev/null")
row "cat VM.xva > /dev/null (baseline)" "$t_read" "$rss_read" "$t_read" "$c_read" "$c_read"
row "virt-xva info (open + index)" "$t_info" "$rss_info" "$t_read" "$c_info" "$c_read"

if command -v nbdkit >/dev/null && command -v nbdcopy >/dev/null; then
    echo
    echo "== nbdcopy from nbdkit xva vs nbdkit file"
    read -r t_file rss_file c_file < <($measure --setup "rm -f $out/o" -- \
        nbdkit -r -U - file "$raw" --run "nbdcopy \"\$uri\" $out/o")
    row "nbdkit file on the raw disk (baseline)" "$t_file" "$rss_file" "$t_file" "$c_file" "$c_file"
    for v in off error; do
        read -r t rss c < <($measure --setup "rm -f $out/o" -- \
            nbdkit -r -U - xva "$dir/vm-$size-xxhash.xva" verify=$v --run "nbdcopy \"\$uri\" $out/o")
        row "nbdkit xva verify=$v (xxhash)" "$t" "$rss" "$t_file" "$c" "$c_file"
    done
    read -r t rss c < <($measure --setup "rm -f $out/o" -- \
        nbdkit -r -U - xva "$dir/vm-$size-sha1.xva" verify=error --run "nbdcopy \"\$uri\" $out/o")
    row "nbdkit xva verify=error (sha1)" "$t" "$rss" "$t_file" "$c" "$c_file"
    cmp "$out/o" "$raw"
fi
echo
echo "Ratios are to the baseline of each section; RSS is the peak of the"
echo "command and its children (for nbdkit: server and client)."
