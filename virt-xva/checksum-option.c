/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* --checksum=POLICY, and the same policy passed on to nbdkit xva as
 * verify=POLICY: one set of words for both (checksum.h).
 */

#include <config.h>

#include "virt-xva.h"

int
parse_checksum_option (const char *cmd, const char *arg,
                       enum checksum_policy *policy)
{
  if (checksum_policy_parse (arg, policy) == -1) {
    error ("%s: --checksum must be verify, warn or ignore, not '%s'",
           cmd, arg);
    return -1;
  }
  return 0;
}

const char *
verify_param (enum checksum_policy policy)
{
  switch (policy) {
  case CHECKSUM_POLICY_WARN: return "verify=warn";
  case CHECKSUM_POLICY_IGNORE: return "verify=ignore";
  case CHECKSUM_POLICY_VERIFY: break;
  }
  return "verify=verify";
}
