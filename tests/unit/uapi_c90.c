/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uapi_c90.c: include/uapi/linux/ctlab.h must compile alone, as strict
 * C90, in any userland program.  tests/run compiles this file with
 * -std=c90 -pedantic -Werror; there is nothing to run.
 */
#include <linux/ctlab.h>

struct ctlab_version uapi_c90_version;
