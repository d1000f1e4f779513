#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# guest.sh [--image]: print the path of the test guest's XVA (with
# --image, of its raw disk image instead), building the guest
# (tests/make-guest.sh) and packing it (tests/make-xva.py) first if the
# cache does not hold them.  The cache lives outside the source tree,
# in $XVA_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/virt-v2v-xva),
# keyed by the scripts' contents, so a clean clone pays once.

set -e
here="$(cd "$(dirname "$0")" && pwd)"
cache="${XVA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/virt-v2v-xva}"
# The image depends on make-guest.sh alone; the XVA on the image and
# make-xva.py (which changes far more often, and repacks in seconds).
ikey="$(sha256sum < "$here/make-guest.sh" | cut -c1-16)"
key="$(cat "$here/make-guest.sh" "$here/make-xva.py" | sha256sum | cut -c1-16)"
img="$cache/guest-$ikey.img"
xva="$cache/guest-$ikey-$key.xva"
mkdir -p "$cache"

(
    flock 9
    if [ ! -f "$img" ]; then
        echo "guest.sh: building the test guest (a few minutes, once)" >&2
        rm -f "$cache"/guest-*.img "$cache"/guest-*.json
        "$here/make-guest.sh" "$img.tmp" >&2
        mv "$img.tmp" "$img"
    fi
    if [ ! -f "$xva" ]; then
        rm -f "$cache"/guest-*.xva
        /usr/bin/python3 "$here/make-xva.py" --from-raw --name xva-guest \
            --memory $((1024 * 1024 * 1024)) --vcpus 2 --checksum xxhash \
            --keepalive-every 64 "$xva.tmp" "$img" >&2
        mv "$xva.tmp" "$xva"
    fi
) 9>"$cache/.lock"
if [ "$1" = --image ]; then
    echo "$img"
else
    echo "$xva"
fi
