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
 * A round holds no lock of the module's: it finds each container under
 * RCU, takes a reference, and walks its tasks in batches, rescheduling
 * between them.  A command never waits for a sample, nor a sample for a
 * command.
 *
 * A round over thousands of tasks costs milliseconds, under TCG more:
 * the sampler then waits 100 times as long as its last round took, if
 * that is longer than sample_ms: 1 % of a CPU, while a task costs less
 * than the 10 us a round may count for it (about 1.5 us under TCG).
 * Small containers are sampled every sample_ms; a container of
 * 5,000 tasks less often, and a spike shorter than its period may be
 * missed.  A round counts at most 10 us a task, however long the
 * machine held it up, so that a busy host cannot make a small container
 * wait seconds for its sample.
 *
 * The sampler also notices when a container hit its limit since the last
 * sample, and counts that as an event, like a state change.  It runs only
 * while some container is running.
 */
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "internal.h"

static unsigned int sample_ms = 10;
/* The sampler waits at least this many times as long as a round took. */
#define CTLAB_SAMPLER_SHARE 100
/* The most a task may add to a round's cost: several times TCG's. */
#define CTLAB_TASK_NS_MAX (10 * NSEC_PER_USEC)

static void ctlab_sampler_run(struct work_struct *work);
static DECLARE_DELAYED_WORK(ctlab_sampler, ctlab_sampler_run);
/* Set at unload, under ctlab_lock: a new sample_ms must not requeue. */
static bool ctlab_sampler_stopped;

/*
 * A new sample_ms takes effect now, not after the sampler's current
 * delay, which may be the old, long one: reschedule a waiting sampler.
 */
static int ctlab_set_sample_ms(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint(val, kp);

	if (ret)
		return ret;
	mutex_lock(&ctlab_lock);
	if (!ctlab_sampler_stopped && delayed_work_pending(&ctlab_sampler))
		mod_delayed_work(system_wq, &ctlab_sampler, 0);
	mutex_unlock(&ctlab_lock);
	return 0;
}

static const struct kernel_param_ops ctlab_sample_ms_ops = {
	.set = ctlab_set_sample_ms,
	.get = param_get_uint,
};
module_param_cb(sample_ms, &ctlab_sample_ms_ops, &sample_ms, 0644);
MODULE_PARM_DESC(sample_ms, "How often running containers are measured, in ms (default 10)");

/*
 * Time spent in sampling rounds, in ns, for `make bench`: the sampler's
 * cost as a share of one CPU.  Wall time of each round, so an upper
 * bound: a round that reschedules counts the time others ran.
 */
static atomic64_t ctlab_sampler_ns = ATOMIC64_INIT(0);

static int ctlab_get_sampler_ns(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&ctlab_sampler_ns));
}

static const struct kernel_param_ops ctlab_sampler_ns_ops = {
	.get = ctlab_get_sampler_ns,
};
module_param_cb(sampler_ns, &ctlab_sampler_ns_ops, NULL, 0444);
MODULE_PARM_DESC(sampler_ns, "Time spent sampling since load, in ns (read only)");

static atomic64_t ctlab_events = ATOMIC64_INIT(0);
DECLARE_WAIT_QUEUE_HEAD(ctlab_event_wq);

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
 * @c: a container that was RUNNING, on which the caller holds a reference
 *	or ctlab_lock.  The walk takes neither ctlab_lock nor any other
 *	lock for long, and may sleep.
 *
 * Return: how many threads it walked (the round's cost goes by them).
 */
unsigned int ctlab_sample(struct ctlab_container *c)
{
	struct ctlab_memcg_usage m;
	struct ctlab_usage u = {};
	unsigned long flags;
	bool hit;

	ctlab_usage_collect(c->pid_ns, &u);
	ctlab_memcg_read(c, &m);
	/* The exit callback and STATS read these too. */
	spin_lock_irqsave(&c->exit_lock, flags);
	u.utime += c->gone.utime;
	u.stime += c->gone.stime;
	u.min_flt += c->gone.min_flt;
	u.maj_flt += c->gone.maj_flt;
	c->usage = u;
	c->rss_peak = max(c->rss_peak, u.anon + u.file + u.shmem);
	c->privvm_peak = max(c->privvm_peak, u.vm);
	c->nr_procs_peak = max(c->nr_procs_peak, u.nr_procs);
	hit = m.max_events != c->max_events_seen;
	c->max_events_seen = m.max_events;
	spin_unlock_irqrestore(&c->exit_lock, flags);
	if (hit)
		ctlab_event();
	return u.nr_threads;
}

/*
 * One round: every running container, one at a time, each held by a
 * reference and no lock, with a chance to reschedule between them.
 */
static void ctlab_sampler_run(struct work_struct *work)
{
	struct ctlab_container *c;
	u64 start = ktime_get_ns(), cost, period, tasks = 0;
	unsigned long id = 0;
	bool running = false;

	while ((c = ctlab_get_next(&id))) {
		if (ctlab_container_state(c) == CTLAB_STATE_RUNNING) {
			/* Its tasks, and the container itself. */
			tasks += ctlab_sample(c) + 1;
			running = true;
		}
		ctlab_container_put(c);
		cond_resched();
	}
	cost = ktime_get_ns() - start;
	atomic64_add(cost, &ctlab_sampler_ns);
	/*
	 * At most 1/CTLAB_SAMPLER_SHARE of a CPU: when a round costs more
	 * (thousands of tasks), the next one waits longer than sample_ms.
	 * A round that the machine held up (a guest whose host is busy)
	 * counts no more than CTLAB_TASK_NS_MAX a task: a few tasks must
	 * not wait seconds for their next sample.
	 */
	cost = min(cost, tasks * CTLAB_TASK_NS_MAX);
	period = max_t(u64, max(sample_ms, 1U),
		       div_u64(cost * CTLAB_SAMPLER_SHARE, NSEC_PER_MSEC));
	if (running)
		schedule_delayed_work(&ctlab_sampler, msecs_to_jiffies(period));
}

/*
 * Starts the sampler now, even if it is waiting out a delay: a container
 * that has just started must not wait for it.  Caller holds ctlab_lock.
 */
void ctlab_sampler_start(void)
{
	lockdep_assert_held(&ctlab_lock);
	mod_delayed_work(system_wq, &ctlab_sampler, 0);
}

void ctlab_sampler_stop(void)
{
	mutex_lock(&ctlab_lock);
	ctlab_sampler_stopped = true;
	mutex_unlock(&ctlab_lock);
	cancel_delayed_work_sync(&ctlab_sampler);
}
