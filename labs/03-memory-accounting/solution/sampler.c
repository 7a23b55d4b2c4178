// SPDX-License-Identifier: GPL-2.0
/*
 * ctlab.ko: the sampler, which measures each running container every few
 * milliseconds, and the event counter that poll() on /dev/ctlab waits for.
 *
 * Counting a container's memory means walking its tasks (usage.c), which
 * costs more the more tasks it has.  OpenVZ kept its beancounters up to
 * date at every allocation instead, so reading them was cheap; the module
 * gets the same cheap reads without hooking the allocator: every
 * sample_ms milliseconds it walks each running container once and keeps
 * the result.  STATS and read() return that latest sample (never older
 * than sample_ms), so they cost the same for one task or a thousand.
 *
 * The kernel keeps no "most memory this group of processes ever held",
 * so the samples also give the peak: a spike that lasts a sample period
 * is seen.  The cgroup's charge needs no sampler: the kernel keeps it and
 * its peak (memory.peak) up to date itself, and they are read directly.
 *
 * The sampler also notices when a container hit its limit since the last
 * sample, and counts that as an event, like a state change.  It runs only
 * while some container is running.
 */
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/workqueue.h>

#include "internal.h"

static unsigned int sample_ms = 10;
module_param(sample_ms, uint, 0644);
MODULE_PARM_DESC(sample_ms, "How often running containers are measured, in ms (default 10)");

static atomic64_t ctlab_events = ATOMIC64_INIT(0);
DECLARE_WAIT_QUEUE_HEAD(ctlab_event_wq);

static void ctlab_sampler_run(struct work_struct *work);
static DECLARE_DELAYED_WORK(ctlab_sampler, ctlab_sampler_run);

/* Something readers of /dev/ctlab may want to redraw has happened. */
void ctlab_event(void)
{
	atomic64_inc(&ctlab_events);
	wake_up_all(&ctlab_event_wq);
}

u64 ctlab_event_count(void)
{
	return atomic64_read(&ctlab_events);
}

/**
 * ctlab_sample - measure a running container and update its peaks
 * @c: a container in state RUNNING.  Caller holds ctlab_lock.
 *
 * Return: how many threads it walked (module/'s sampler paces its
 * rounds by them; this one does not).
 */
unsigned int ctlab_sample(struct ctlab_container *c)
{
	struct ctlab_memcg_usage m;
	struct ctlab_usage u = {};
	unsigned long flags;

	lockdep_assert_held(&ctlab_lock);
	ctlab_usage_collect(c->pid_ns, &u);
	/* The exit callback reads it too, without ctlab_lock. */
	spin_lock_irqsave(&c->exit_lock, flags);
	c->usage = u;
	spin_unlock_irqrestore(&c->exit_lock, flags);
	/* TODO 4/1: c->rss_peak is the most RSS (anon + file + shmem) that
	 * any sample has seen since ENTER or RESET_PEAK.
	 */
	c->rss_peak = max(c->rss_peak, u.anon + u.file + u.shmem);
	c->nr_procs_peak = max(c->nr_procs_peak, u.nr_procs);

	ctlab_memcg_read(c, &m);
	if (m.max_events != c->max_events_seen) {
		c->max_events_seen = m.max_events;
		ctlab_event();
	}
	return u.nr_threads;
}

/**
 * ctlab_usage_latest - what a container holds, as of the latest sample
 * @c: any container.  Caller holds ctlab_lock.
 * @u: filled: zeroes before ENTER, the latest sample while it runs, what
 *	its init left behind once it has exited.
 */
void ctlab_usage_latest(struct ctlab_container *c, struct ctlab_usage *u)
{
	unsigned long flags;

	lockdep_assert_held(&ctlab_lock);
	spin_lock_irqsave(&c->exit_lock, flags);
	*u = c->state == CTLAB_STATE_EXITED ? c->final : c->usage;
	spin_unlock_irqrestore(&c->exit_lock, flags);
}

static void ctlab_sampler_run(struct work_struct *work)
{
	struct ctlab_container *c;
	bool running = false;

	mutex_lock(&ctlab_lock);
	list_for_each_entry(c, &ctlab_containers, node) {
		if (ctlab_container_state(c) != CTLAB_STATE_RUNNING)
			continue;
		ctlab_sample(c);
		running = true;
	}
	if (running)
		schedule_delayed_work(&ctlab_sampler,
				      msecs_to_jiffies(max(sample_ms, 1U)));
	mutex_unlock(&ctlab_lock);
}

/* Starts the sampler if it is not running.  Caller holds ctlab_lock. */
void ctlab_sampler_start(void)
{
	schedule_delayed_work(&ctlab_sampler, 0);
}

void ctlab_sampler_stop(void)
{
	cancel_delayed_work_sync(&ctlab_sampler);
}
