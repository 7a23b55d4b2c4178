// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/stress.c: many threads creating, entering, reading and
 * destroying containers at once, for a few seconds, run in the lab VM by
 * tests/vm/module-suite (which then checks the kernel log).
 *
 * Each call must succeed or fail with an errno that the race explains
 * (another thread destroyed the container first: ENOENT); in the end no
 * container may be left.
 */
#include <poll.h>
#include <pthread.h>
#include <time.h>

#include "ctl.h"
#include "ktap.h"

#define WORKERS 4
#define SECONDS 4

static int dev = -1;
static volatile int stop;

struct worker {
	pthread_t thread;
	int nr;
	unsigned long rounds, errors;
};

static int wait_for_go(void *unused __attribute__((unused)))
{
	return 0;
}

static void complain(struct worker *w, const char *what, int ret)
{
	if (w->errors++ < 5)
		printf("# worker %d: %s: %s\n", w->nr, what, strerror(-ret));
}

/* A container's whole life, racing with the other workers. */
static void one_round(struct worker *w)
{
	struct ctlab_stats st;
	char name[32];
	struct ct ct;
	int id, ret;

	snprintf(name, sizeof(name), "stress-%d-%lu", w->nr, w->rounds);
	id = ctl_create(dev, name, 0, -1, 0);
	if (id < 0) {
		complain(w, "CREATE", id);
		return;
	}
	/* Every other round the container gets an init. */
	if (w->rounds % 2 == 0) {
		ret = ct_start(&ct, dev, id, CT_NAMESPACES, -1, wait_for_go,
			       NULL);
		/* Another worker's DESTROY may come first: before ENTER
		 * (ENOENT, EBUSY) or after it, killing init before it could
		 * report (EPIPE). */
		if (ret || (ct.enter_ret && ct.enter_ret != -ENOENT &&
			    ct.enter_ret != -EBUSY && ct.enter_ret != -EPIPE))
			complain(w, "ENTER", ret ? ret : ct.enter_ret);
		if (!ret && w->rounds % 4 == 0)
			ct_wait(&ct);		/* init exits before DESTROY */
	} else {
		ct.pid = 0;
	}
	ret = ctl_stats(dev, id, &st);
	if (ret && ret != -ENOENT)
		complain(w, "STATS", ret);
	ret = ctl_destroy(dev, id);
	if (ret && ret != -ENOENT)
		complain(w, "DESTROY", ret);
	if (ct.pid && w->rounds % 4 != 0)
		ct_wait(&ct);
}

/* Destroys whatever ids it guesses, to race with the others. */
static void chaos_round(struct worker *w)
{
	char buf[16384];
	__u32 ids[64];
	struct ctlab_list l = { .ids = (uintptr_t)ids, .count = 64 };
	int ret;

	ret = ctl_ioctl(dev, CTLAB_IOC_LIST, &l);
	if (ret)
		complain(w, "LIST", ret);
	else if (l.count && w->rounds % 3 == 0)
		ret = ctl_destroy(dev, ids[w->rounds % (l.count < 64 ? l.count : 64)]);
	if (ret && ret != -ENOENT)
		complain(w, "DESTROY someone else's", ret);
	if (pread(dev, buf, sizeof(buf), 0) < 0)
		complain(w, "read", -errno);
}

static void *work(void *arg)
{
	struct worker *w = arg;

	while (!stop) {
		if (w->nr == 0)
			chaos_round(w);
		else
			one_round(w);
		w->rounds++;
	}
	return NULL;
}

static enum ktap_result test_concurrent_lifecycles(void)
{
	struct worker w[WORKERS];
	struct ctlab_list l = { .count = 0 };
	unsigned long lives = 0, errors = 0;
	int i;

	for (i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){ .nr = i };
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	}
	sleep(SECONDS);
	stop = 1;
	for (i = 0; i < WORKERS; i++) {
		pthread_join(w[i].thread, NULL);
		lives += i ? w[i].rounds : 0;
		errors += w[i].errors;
	}
	printf("# %lu container lives and %lu LIST/DESTROY/read rounds in %d s, %lu unexpected errors\n",
	       lives, w[0].rounds, SECONDS, errors);
	if (ctl_ioctl(dev, CTLAB_IOC_LIST, &l) || l.count) {
		printf("# %u containers left behind\n", l.count);
		return KTAP_FAIL;
	}
	return errors || lives < 20 ? KTAP_FAIL : KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "concurrent_lifecycles", test_concurrent_lifecycles },
};

int main(void)
{
	dev = ctl_open();
	if (dev < 0) {
		printf("Bail out! /dev/ctlab: %s\n", strerror(errno));
		return 1;
	}
	return ktap_run(tests, 1) ? 1 : 0;
}
