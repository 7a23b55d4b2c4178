// SPDX-License-Identifier: GPL-2.0
/*
 * crashmod.ko: a module that panics the kernel as it loads.
 *
 * It stands for a student's broken module.  tests/run loads it in the lab
 * VM to prove that a crashed guest is reported as a failure, with the end
 * of its console, within the timeout, and never hangs the test run.
 */
#include <linux/kernel.h>
#include <linux/module.h>

static int __init crashmod_init(void)
{
	panic("crashmod: deliberate panic on load");
}
module_init(crashmod_init);

MODULE_DESCRIPTION("ctlab test: panics on load");
MODULE_LICENSE("GPL");
