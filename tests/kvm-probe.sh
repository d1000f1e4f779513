#!/bin/bash -
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Can qemu run a guest with KVM and "-cpu host" here?  On some machines
# /dev/kvm exists but qemu aborts at once ("failed to set MSR"); on
# others (this project's) qemu starts and the guest then never runs, so
# the libguestfs appliance hangs.  We boot the host's kernel with no root
# filesystem and wait up to 15 s for its panic message: a working KVM
# prints it within a second or two.  Only ./run and the tests probe:
# the programs themselves leave libguestfs's defaults alone.
#
#   kvm-probe.sh          exit 0 if KVM works, 1 if not
#   kvm-probe.sh --env    print the shell assignments that pick TCG when
#                         KVM does not work (nothing when it does)
#
# The answer is cached per boot in ${XDG_CACHE_HOME:-~/.cache}.

set -u

cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/virt-v2v-xva"
boot_id="$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)"
cache="$cache_dir/kvm-boot-probe-$boot_id"

probe ()
{
    local qemu kernel
    qemu="$(command -v qemu-system-x86_64)" || return 1
    [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
    kernel="$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)"
    [ -n "$kernel" ] && [ -r "$kernel" ] || return 1
    # grep -q stops reading at the line, and qemu then dies of SIGPIPE.
    timeout -k 2 15 "$qemu" -nodefaults -display none -no-reboot \
        -accel kvm -cpu host -m 256 -kernel "$kernel" \
        -append "console=ttyS0 panic=-1 loglevel=1" \
        -serial stdio -monitor none </dev/null 2>/dev/null |
        grep -q "Kernel panic"
}

# The cache directory may be anywhere (XDG_CACHE_HOME), and others may
# write to it: the answer is read only from a regular file, never
# through a link nor from a FIFO (O_NONBLOCK: no hang), and only if it
# says kvm or tcg.
result=
if [ -f "$cache" ] && [ ! -L "$cache" ]; then
    result="$(dd if="$cache" iflag=nofollow,nonblock bs=8 count=1 \
                 status=none 2>/dev/null)"
fi
case "$result" in
    kvm|tcg) ;;
    *)
        if probe; then result=kvm; else result=tcg; fi
        # A new file renamed over the cache: a link planted there is
        # replaced, not written through (-T: nor one to a directory
        # followed), and a reader never sees half an answer.
        if mkdir -p "$cache_dir" 2>/dev/null &&
           tmp="$(mktemp "$cache.XXXXXX" 2>/dev/null)"; then
            { echo "$result" > "$tmp" && chmod 644 "$tmp" &&
              mv -fT "$tmp" "$cache"; } 2>/dev/null || rm -f "$tmp"
        fi
        ;;
esac

if [ "${1:-}" = "--env" ]; then
    if [ "$result" = tcg ]; then
        echo "export LIBGUESTFS_BACKEND=direct"
        echo "export LIBGUESTFS_BACKEND_SETTINGS=force_tcg"
    fi
    exit 0
fi
[ "$result" = kvm ]
