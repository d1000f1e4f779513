/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Can qemu run a guest with KVM and "-cpu host" here?  On some hosts
 * /dev/kvm exists but qemu aborts at once ("failed to set MSR"); on
 * others qemu starts and then the guest never runs (seen on this
 * project's machines: the libguestfs appliance hangs for ever).  So the
 * probe boots the host's kernel without a root filesystem and waits
 * for its panic message.  Same probe as tests/kvm-probe.sh, sharing its
 * cache (one answer per boot).
 */

#ifndef XVA_KVM_PROBE_H
#define XVA_KVM_PROBE_H

#include <stdbool.h>

/* True if the host kernel, booted with -accel kvm -cpu host, reaches
 * its panic within 15 s.  Costs a second or two where KVM works, 15 s
 * where it hangs, and nothing once the answer is cached for this boot.
 */
extern bool kvm_works (void);

/* Unless the user chose (LIBGUESTFS_BACKEND or
 * LIBGUESTFS_BACKEND_SETTINGS set), set them in our environment for
 * TCG when KVM does not work.  Returns true if it picked TCG.
 */
extern bool choose_libguestfs_backend (void);

#endif /* XVA_KVM_PROBE_H */
