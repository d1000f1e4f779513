/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Can qemu run a guest with KVM and "-cpu host" here?  On some hosts
 * /dev/kvm exists but qemu aborts at once ("failed to set MSR"), and
 * the libguestfs appliance with it.  Same probe as tests/kvm-probe.sh.
 */

#ifndef XVA_KVM_PROBE_H
#define XVA_KVM_PROBE_H

#include <stdbool.h>

/* True if a qemu guest with -accel kvm -cpu host is still running
 * after 3 s.  Costs at most 3 s (0.1 s where KVM is broken).
 */
extern bool kvm_works (void);

/* Unless the user chose (LIBGUESTFS_BACKEND or
 * LIBGUESTFS_BACKEND_SETTINGS set), set them in our environment for
 * TCG when KVM does not work.  Returns true if it picked TCG.
 */
extern bool choose_libguestfs_backend (void);

#endif /* XVA_KVM_PROBE_H */
