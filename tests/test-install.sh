#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# make install puts every program, the virt-v2v front-end link, the
# plugin (where nbdkit finds it) and the manuals in place; the installed
# plugin and programs work from there.

source ./functions.sh
set -e
set -x

requires_program nbdkit

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
root="$tmp/root"

make -C "$abs_top_builddir" install DESTDIR="$root" >/dev/null
prefix="$(sed -n 's/^prefix = //p' "$abs_top_builddir/Makefile")"
plugindir="$(sed -n 's/^NBDKIT_PLUGINDIR = //p' "$abs_top_builddir/Makefile")"

test -x "$root$prefix/bin/virt-xva"
test -x "$root$prefix/bin/virt-v2v-xva"
test "$(readlink "$root$prefix/bin/virt-v2v")" = virt-v2v-xva
test -f "$root$plugindir/nbdkit-xva-plugin.so"
for m in virt-xva nbdkit-xva-plugin virt-v2v-input-xva; do
    test -f "$root$prefix/share/man/man1/$m.1"
done

# The installed plugin loads and exports only what it should.
nbdkit --dump-plugin "$root$plugindir/nbdkit-xva-plugin.so" | grep -qx xva_zstd=yes
nm -D --defined-only "$root$plugindir/nbdkit-xva-plugin.so" |
    awk '{print $3}' | grep -v '^\(plugin_init\|xva_debug_.*\)$' > "$tmp/syms" || true
test ! -s "$tmp/syms"

make_xva v7-sha1
"$root$prefix/bin/virt-xva" convert -q "$XVA_DATA/v7-sha1.xva" "$tmp/out.raw"
cmp "$tmp/out.raw" "$XVA_DATA/v7-sha1-0.raw"

# The distribution's virt-v2v is never replaced.
test ! -e "$root/usr/bin/virt-v2v"

make -C "$abs_top_builddir" uninstall DESTDIR="$root" >/dev/null
test ! -e "$root$prefix/bin/virt-v2v"
test ! -e "$root$plugindir/nbdkit-xva-plugin.so"
