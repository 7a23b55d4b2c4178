// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/leave.c: leaves two containers behind, one created and one
 * running, and prints the running one's init PID; module-suite uses it to
 * check that ctlab.ko unloads safely while containers are alive.
 */
#include "ctl.h"

static int dev = -1;

/*
 * The init must not keep /dev/ctlab open, or rmmod would be refused, nor
 * the stdout module-suite reads this program's output from.
 */
static int sleep_forever(void *unused __attribute__((unused)))
{
	int null = open("/dev/null", O_RDWR);

	close(dev);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	for (;;)
		pause();
	return 0;
}

int main(void)
{
	struct ct ct;
	int id;

	dev = ctl_open();
	if (dev < 0 || ctl_create(dev, "left-created", 0, -1, 0) < 0)
		return 1;
	id = ctl_create(dev, "left-running", 0, -1, 0);
	if (id < 0 || ct_start(&ct, dev, id, CT_NAMESPACES, -1, sleep_forever,
				NULL) || ct.enter_ret)
		return 1;
	/* The init goes on when this process exits and closes the pipe. */
	printf("%d\n", ct.pid);
	return 0;
}
