// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/account.c: KTAP tests of ACCOUNT (ABI 1.2), a container's
 * resources beyond STATS, run in the lab VM by tests/vm/module-suite.
 *
 * Each figure is checked against what the kernel says elsewhere: the
 * cgroup's own files (memory.stat, memory.events, pids.*, memory.swap.*,
 * memory.pressure) and /proc (VmSize, Threads, the fd directories).  And
 * a program built against ABI 1.1 must still work with this module: its
 * struct is kept here, as such a program has it.
 */
#include <dirent.h>
#include <pthread.h>
#include <sys/mman.h>

#include "ctl.h"
#include "ktap.h"

#define EXPECT KTAP_EXPECT
#define CG_PATH CG_TESTS "/accounted"

static int dev = -1;

/* A file's first number after @key ("" for a file of one number). */
static unsigned long long file_number(const char *path, const char *key)
{
	char buf[8192], *p = buf;
	size_t len = strlen(key);

	read_file(path, buf, sizeof(buf));
	while (p && *p) {
		if (!strncmp(p, key, len))
			return strtoull(p + len, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

/* /proc of one process: VmSize (bytes), Threads, open fds. */
struct proc_counts {
	unsigned long long vm;
	unsigned int threads, files, procs;
};

static void proc_add(int pid, void *arg)
{
	struct proc_counts *v = arg;
	char path[64];
	struct dirent *d;
	DIR *fds;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	v->vm += file_number(path, "VmSize:") * 1024;
	v->threads += file_number(path, "Threads:");
	v->procs++;
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	fds = opendir(path);
	while (fds && (d = readdir(fds)))
		v->files += d->d_name[0] != '.';
	if (fds)
		closedir(fds);
}

/* Every process in @init's PID namespace. */
static struct proc_counts proc_counts(pid_t init)
{
	struct proc_counts v = { 0, 0, 0, 0 };

	ctl_each_member(init, proc_add, &v);
	return v;
}

static void *sleeper(void *unused)
{
	(void)unused;
	for (;;)
		pause();
	return NULL;
}

struct busy {
	int ready, cue, forked;
};

/*
 * The container's init: 10 more open files, 3 threads, 8 MiB, a child;
 * then, on cue, one fork more (which the pids limit refuses).
 */
static int busy_init(void *arg)
{
	struct busy *b = arg;
	pthread_t t;
	char *p;
	int i, ok;

	for (i = 0; i < 10; i++)
		open("/dev/null", O_RDONLY);
	for (i = 0; i < 3; i++)
		pthread_create(&t, NULL, sleeper, NULL);
	p = mmap(NULL, 8 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; p != MAP_FAILED && i < (int)(8 * MiB); i += 4096)
		p[i] = 1;
	if (fork() == 0) {
		pause();
		_exit(0);
	}
	/* A byte, not EOF: the child has a copy of the pipe. */
	if (write(b->ready, "r", 1) != 1 || read(b->cue, &ok, 1) < 0)
		return 1;
	ok = fork();
	if (ok == 0)
		_exit(0);
	ok = ok < 0 ? errno : 0;
	if (write(b->forked, &ok, sizeof(ok)) != sizeof(ok))
		return 1;
	for (;;)
		pause();
	return 0;
}

static int account(uint32_t id, struct ctlab_account *a)
{
	memset(a, 0, sizeof(*a));
	a->id = id;
	return ctl_ioctl(dev, CTLAB_IOC_ACCOUNT, a);
}

static enum ktap_result check_against_files(const struct ctlab_account *a,
					    pid_t init)
{
	struct proc_counts pc = proc_counts(init);
	unsigned long long kmem, vm_off;

	EXPECT(a->nr_procs == pc.procs && a->nr_threads == pc.threads,
	       "%u processes, %u threads; /proc: %u, %u", a->nr_procs,
	       a->nr_threads, pc.procs, pc.threads);
	EXPECT(a->nr_files == pc.files, "numfile %u, /proc/PID/fd: %u",
	       a->nr_files, pc.files);
	vm_off = a->privvm > pc.vm ? a->privvm - pc.vm : pc.vm - a->privvm;
	EXPECT(vm_off <= pc.vm / 100 && a->privvm_peak >= a->privvm,
	       "privvm %llu KiB (peak %llu), VmSize summed %llu KiB",
	       (unsigned long long)a->privvm >> 10,
	       (unsigned long long)a->privvm_peak >> 10, pc.vm >> 10);
	kmem = file_number(CG_PATH "/memory.stat", "slab ") +
	       file_number(CG_PATH "/memory.stat", "kernel_stack ") +
	       file_number(CG_PATH "/memory.stat", "pagetables ") +
	       file_number(CG_PATH "/memory.stat", "sock ");
	ktap_diag("kmem %llu KiB (memory.stat: %llu), privvm %llu KiB, %u files, %u threads",
		  (unsigned long long)a->kmem >> 10, kmem >> 10,
		  (unsigned long long)a->privvm >> 10, a->nr_files,
		  a->nr_threads);
	/* Slab moves a little between the two reads. */
	EXPECT(a->kmem > 0 && a->kmem + kmem / 10 >= kmem &&
	       a->kmem <= kmem + kmem / 10,
	       "kmem %llu, memory.stat says %llu",
	       (unsigned long long)a->kmem, kmem);
	EXPECT(a->kmem == a->kmem_slab + a->kmem_stack + a->kmem_pagetables +
	       a->kmem_sock, "kmem is not the sum of its parts");
	EXPECT(a->swap == file_number(CG_PATH "/memory.swap.current", ""),
	       "swap %llu", (unsigned long long)a->swap);
	EXPECT(a->ev_max == file_number(CG_PATH "/memory.events", "max ") &&
	       a->ev_high == file_number(CG_PATH "/memory.events", "high ") &&
	       a->ev_oom_kill ==
	       file_number(CG_PATH "/memory.events", "oom_kill "),
	       "memory.events differ");
	return KTAP_PASS;
}

static enum ktap_result check_pids_psi(const struct ctlab_account *a)
{
	unsigned long long total;
	struct stat st;
	char buf[512];

	EXPECT(a->valid & CTLAB_ACCT_PIDS, "no pids figures (valid %#x)",
	       a->valid);
	EXPECT(a->pids_current == file_number(CG_PATH "/pids.current", "") &&
	       a->pids_max == file_number(CG_PATH "/pids.max", "") &&
	       a->pids_failcnt >= 1 &&
	       a->pids_failcnt == file_number(CG_PATH "/pids.events", "max "),
	       "pids %llu of %llu, failcnt %llu; pids.events max %llu",
	       (unsigned long long)a->pids_current,
	       (unsigned long long)a->pids_max,
	       (unsigned long long)a->pids_failcnt,
	       file_number(CG_PATH "/pids.events", "max "));
	/* PSI is off unless the kernel was booted with psi=1 (Debian). */
	if (stat(CG_PATH "/memory.pressure", &st)) {
		EXPECT(!(a->valid & CTLAB_ACCT_PSI), "PSI without the file");
		ktap_diag("no memory.pressure here: PSI is off");
		return KTAP_PASS;
	}
	read_file(CG_PATH "/memory.pressure", buf, sizeof(buf));
	EXPECT(sscanf(buf, "some avg10=%*f avg60=%*f avg300=%*f total=%llu",
		      &total) == 1, "memory.pressure: %s", buf);
	EXPECT((a->valid & CTLAB_ACCT_PSI) && a->psi_some_total <= total,
	       "PSI: valid %#x, some total %llu us, memory.pressure after: %llu",
	       a->valid, (unsigned long long)a->psi_some_total, total);
	return KTAP_PASS;
}

static enum ktap_result test_account(void)
{
	int cg = cg_make("accounted"), pipes[6], id, err = -1;
	struct ctlab_account a;
	struct busy b;
	enum ktap_result r;
	char c, n[16];
	struct ct ct;

	EXPECT(cg >= 0, "cgroup: %s", strerror(errno));
	write_file(CG_ROOT "/cgroup.subtree_control", "+pids");
	write_file(CG_TESTS "/cgroup.subtree_control", "+pids");
	id = ctl_create(dev, "accounted", 0, cg, 0);
	EXPECT(id > 0 && !pipe(pipes) && !pipe(pipes + 2) && !pipe(pipes + 4),
	       "CREATE accounted: %s", strerror(-id));
	b = (struct busy){ pipes[1], pipes[2], pipes[5] };
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, cg, busy_init, &b) &&
	       !ct.enter_ret, "start: %d", ct.enter_ret);
	close(pipes[1]);
	ct_go(&ct);
	if (read(pipes[0], &c, 1) != 1)
		ktap_diag("init did not get ready");
	/* No room for one more task: the next fork is refused. */
	snprintf(n, sizeof(n), "%llu", file_number(CG_PATH "/pids.current", ""));
	write_file(CG_PATH "/pids.max", n);
	if (write(pipes[3], "", 1) != 1 ||
	    read(pipes[4], &err, sizeof(err)) != sizeof(err))
		ktap_diag("init did not try to fork");
	usleep(200 * 1000);
	r = account(id, &a) ? KTAP_FAIL : check_against_files(&a, ct.pid);
	if (r == KTAP_PASS)
		r = check_pids_psi(&a);
	ctl_destroy_all(dev);
	ct_wait(&ct);
	close(cg);
	cg_remove("accounted");
	EXPECT(err == EAGAIN, "fork at pids.max: %s", strerror(err));
	return r;
}

/* STATS as ABI 1.1 laid it out, as a program built then has it. */
struct ctlab_stats_1_1 {
	__u32 id, state;
	char name[CTLAB_NAME_MAX];
	__u32 namespaces, on_limit;
	__u64 limit, barrier;
	__s32 init_pid, exit_status;
	__u32 nr_procs, nr_threads, nr_procs_peak, reserved0;
	__u64 rss_anon, rss_file, rss_shmem, rss, rss_peak, swap;
	__u64 charge, charge_peak, failcnt, oom_kills;
	__u64 min_flt, maj_flt, utime, stime;
	__u64 created, started, exited;
	__u32 reserved[8];
};

static enum ktap_result test_abi_1_1_program(void)
{
	struct ctlab_stats_1_1 old;
	struct ctlab_version v;
	int id = ctl_create(dev, "old-program", 0, -1, 0), ret;

	EXPECT(id > 0, "CREATE");
	memset(&v, 0, sizeof(v));
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_GET_VERSION, &v) &&
	       v.abi_major == 1 && v.abi_minor >= 2, "ABI %u.%u",
	       v.abi_major, v.abi_minor);
	memset(&old, 0, sizeof(old));
	old.id = id;
	ret = ctl_ioctl(dev, _IOWR(CTLAB_IOC_MAGIC, 4, struct ctlab_stats_1_1),
			&old);
	ctl_destroy_all(dev);
	EXPECT(!ret && !strcmp(old.name, "old-program") &&
	       old.state == CTLAB_STATE_CREATED && old.created,
	       "STATS with ABI 1.1's struct: %s, name '%s'",
	       ret ? strerror(-ret) : "ok", old.name);
	return KTAP_PASS;
}

/* ACCOUNT from a newer header (a bigger struct) and a too small one. */
static enum ktap_result test_account_sizes(void)
{
	struct {
		struct ctlab_account a;
		__u64 newer[4];
	} big;
	int id = ctl_create(dev, "sized", 0, -1, 0), ret_big, ret_small;

	EXPECT(id > 0, "CREATE");
	memset(&big, 0xff, sizeof(big));
	big.a.id = id;
	ret_big = ctl_ioctl(dev, _IOWR(CTLAB_IOC_MAGIC, 8, big), &big);
	ret_small = ctl_ioctl(dev, _IOWR(CTLAB_IOC_MAGIC, 8, __u64[8]), &big);
	ctl_destroy_all(dev);
	EXPECT(!ret_big && !big.newer[0] && !big.newer[3] && !big.a.valid &&
	       !big.a.reserved[6], "a bigger struct: %s, tail %#llx",
	       ret_big ? strerror(-ret_big) : "ok",
	       (unsigned long long)big.newer[0]);
	EXPECT(ret_small == -EINVAL, "a smaller struct: %s",
	       ret_small ? strerror(-ret_small) : "accepted");
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "account_matches_cgroup_and_proc", test_account },
	{ "abi_1_1_program_works", test_abi_1_1_program },
	{ "account_struct_sizes", test_account_sizes },
};

/* account [TEST...]: every test, or only those named. */
int main(int argc, char **argv)
{
	return ctl_ktap_main(tests, sizeof(tests) / sizeof(tests[0]), argc,
			     argv, &dev);
}
