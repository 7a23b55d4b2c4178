// SPDX-License-Identifier: GPL-2.0
/*
 * tests/vm/containers.c: KTAP tests of ctlab.ko's containers, run in the
 * lab VM by tests/vm/module-suite with the module loaded.
 *
 * Each test does what a launcher or a dashboard would do (create, clone
 * into new namespaces, ENTER, read the accounting, destroy) and checks
 * what a user would notice: the errno of a bad request, who counts as a
 * member, whether the memory figures agree with /proc, and whether a
 * limit holds.  The accuracy, limit and stress tests live in
 * memory.c and stress.c; this file is the life of a container.
 */
#include <poll.h>
#include <pthread.h>

#include "ctl.h"
#include "ktap.h"

static int dev = -1;

#define EXPECT KTAP_EXPECT

static enum ktap_result test_create_and_stats(void)
{
	struct ctlab_stats st, by_name;
	int id = ctl_create(dev, "web-1", 0, -1, CTLAB_ON_LIMIT_OOM);
	unsigned int i;

	EXPECT(id > 0, "CREATE web-1: %s", strerror(-id));
	EXPECT(!ctl_stats(dev, id, &st), "STATS %d: %s", id, strerror(errno));
	EXPECT(!strcmp(st.name, "web-1") && st.id == (__u32)id &&
	       st.state == CTLAB_STATE_CREATED && st.created && !st.started &&
	       !st.init_pid && !st.nr_procs,
	       "STATS of a new container: name '%s' id %u state %u", st.name,
	       st.id, st.state);
	for (i = 0; i < sizeof(st.reserved) / sizeof(st.reserved[0]); i++)
		EXPECT(!st.reserved[i], "reserved[%u] = %#x", i, st.reserved[i]);

	memset(&by_name, 0, sizeof(by_name));
	strcpy(by_name.name, "web-1");
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_STATS, &by_name) &&
	       by_name.id == (__u32)id, "STATS by name did not find id %d", id);
	EXPECT(!ctl_destroy(dev, id), "DESTROY %d: %s", id, strerror(errno));
	EXPECT(ctl_stats(dev, id, &st) == -ENOENT, "STATS after DESTROY");
	return KTAP_PASS;
}

/* Which cgroup fd a bad CREATE request passes. */
enum cg_kind { CG_NONE, CG_GOOD, CG_CLOSED, CG_NEGATIVE, CG_FILE };

/* One bad CREATE request and the errno it must get. */
struct bad_create {
	const char *what;
	const char *name;		/* NULL: a good, fresh name */
	__u32 namespaces, on_limit, id, reserved;
	__u64 limit, barrier;
	enum cg_kind cg;
	int want;
};

static const struct bad_create bad_creates[] = {
	{ "empty name", .name = "", .want = EINVAL },
	{ "name with a space", .name = "a b", .want = EINVAL },
	{ "name with a slash", .name = "a/b", .want = EINVAL },
	{ "name ..", .name = "..", .want = EINVAL },
	{ "name of 32 characters, no NUL",
	  .name = "0123456789abcdef0123456789abcdef", .want = EINVAL },
	{ "name taken", .name = "taken", .want = EEXIST },
	{ "unknown namespace bit", .namespaces = 1U << 20, .want = EINVAL },
	{ "unknown on_limit", .on_limit = 7, .want = EINVAL },
	{ "reserved word set", .reserved = 1, .want = EINVAL },
	{ "id set on input", .id = 3, .want = EINVAL },
	{ "limit without a cgroup", .limit = 64 * MiB, .want = EINVAL },
	{ "barrier above the limit", .cg = CG_GOOD, .limit = 32 * MiB,
	  .barrier = 64 * MiB, .want = EINVAL },
	{ "cgroup fd not open", .cg = CG_CLOSED, .want = EBADF },
	{ "cgroup fd -5", .cg = CG_NEGATIVE, .want = EBADF },
	{ "cgroup fd of a plain file", .cg = CG_FILE, .want = EBADF },
};

static void fill_bad_create(struct ctlab_create *req,
			    const struct bad_create *bad, int cg, int file)
{
	const int fds[] = { [CG_NONE] = -1, [CG_GOOD] = cg,
			    [CG_CLOSED] = 999, [CG_NEGATIVE] = -5,
			    [CG_FILE] = file };

	memset(req, 0, sizeof(*req));
	/* memcpy: the 32-character name must arrive without its NUL. */
	memcpy(req->name, bad->name ? bad->name : "fresh",
	       strnlen(bad->name ? bad->name : "fresh", CTLAB_NAME_MAX));
	req->namespaces = bad->namespaces;
	req->on_limit = bad->on_limit;
	req->id = bad->id;
	req->reserved[5] = bad->reserved;
	req->limit = bad->limit;
	req->barrier = bad->barrier;
	req->cgroup_fd = fds[bad->cg];
}

static enum ktap_result test_create_errors(void)
{
	int cg = cg_make("errors"), file = open("/proc/self/stat", O_RDONLY);
	unsigned int i, n = sizeof(bad_creates) / sizeof(bad_creates[0]);
	int failed = 0;

	EXPECT(cg >= 0 && file >= 0, "cgroup or file: %s", strerror(errno));
	EXPECT(ctl_create(dev, "taken", 0, -1, 0) > 0, "CREATE taken");
	for (i = 0; i < n; i++) {
		struct ctlab_create req;
		int ret;

		fill_bad_create(&req, &bad_creates[i], cg, file);
		ret = ctl_ioctl(dev, CTLAB_IOC_CREATE, &req);
		if (ret != -bad_creates[i].want) {
			ktap_diag("%s: want %s, got %s", bad_creates[i].what,
				  strerror(bad_creates[i].want),
				  ret ? strerror(-ret) : "success");
			failed++;
		}
	}
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_CREATE, NULL) == -EFAULT,
	       "CREATE with a NULL argument");
	EXPECT(ctl_ioctl(dev, _IOWR(CTLAB_IOC_MAGIC, 1, __u64), NULL) == -EINVAL,
	       "CREATE with the wrong size");
	/* None of the bad requests may have left a container behind. */
	{
		struct ctlab_list l = { .count = 0 };

		EXPECT(!ctl_ioctl(dev, CTLAB_IOC_LIST, &l) && l.count == 1,
		       "after the bad requests: %u containers, want 1", l.count);
	}
	ctl_destroy_all(dev);
	close(cg);
	close(file);
	cg_remove("errors");
	return failed ? KTAP_FAIL : KTAP_PASS;
}

static enum ktap_result test_cgroup_without_memory(void)
{
	char path[] = CG_TESTS "/nomem/inner";
	int cg, id;

	cg_make("nomem");
	/* "nomem" does not pass the memory controller down to "inner". */
	mkdir(path, 0755);
	cg = open(path, O_RDONLY | O_DIRECTORY);
	EXPECT(cg >= 0, "%s: %s", path, strerror(errno));
	id = ctl_create(dev, "nomem", 16 * MiB, cg, 0);
	close(cg);
	rmdir(path);
	cg_remove("nomem");
	EXPECT(id == -EINVAL, "CREATE in a cgroup without memory: want EINVAL, got %s",
	       id > 0 ? "success" : strerror(-id));
	return KTAP_PASS;
}

static enum ktap_result test_unknown_ids(void)
{
	static const struct { const char *name; unsigned long cmd; } cmds[] = {
		{ "ENTER", CTLAB_IOC_ENTER },
		{ "RESET_PEAK", CTLAB_IOC_RESET_PEAK },
		{ "DESTROY", CTLAB_IOC_DESTROY },
	};
	struct ctlab_limit lim = { .id = 4242 };
	struct ctlab_stats st;
	unsigned int i;

	for (i = 0; i < 3; i++)
		EXPECT(ctl_id_cmd(dev, cmds[i].cmd, 4242) == -ENOENT,
		       "%s of id 4242: want ENOENT", cmds[i].name);
	EXPECT(ctl_stats(dev, 4242, &st) == -ENOENT, "STATS of id 4242");
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_SET_LIMIT, &lim) == -ENOENT,
	       "SET_LIMIT of id 4242");
	memset(&st, 0, sizeof(st));
	strcpy(st.name, "nobody");
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_STATS, &st) == -ENOENT,
	       "STATS of name nobody");
	strcpy(st.name, "a b");
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_STATS, &st) == -EINVAL,
	       "STATS of a bad name: want EINVAL");
	{
		struct ctlab_id bad = { .id = 1, .reserved = { 0, 1 } };

		EXPECT(ctl_ioctl(dev, CTLAB_IOC_DESTROY, &bad) == -EINVAL,
		       "DESTROY with a reserved word set");
	}
	return KTAP_PASS;
}

static enum ktap_result test_list(void)
{
	__u32 ids[8] = { 0 };
	struct ctlab_list l;
	char name[16];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "list-%d", i);
		EXPECT(ctl_create(dev, name, 0, -1, 0) > 0, "CREATE %s", name);
	}
	memset(&l, 0, sizeof(l));
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_LIST, &l) && l.count == 5,
	       "LIST with no room: count %u, want 5", l.count);
	l.ids = (uintptr_t)ids;
	l.count = 2;
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_LIST, &l) && l.count == 5 &&
	       ids[0] && ids[1] > ids[0] && !ids[2],
	       "LIST with room for 2: count %u ids %u %u %u", l.count, ids[0],
	       ids[1], ids[2]);
	l.count = 8;
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_LIST, &l) && l.count == 5 &&
	       ids[4] > ids[3], "LIST with room for 8");
	l.ids = 8;
	EXPECT(ctl_ioctl(dev, CTLAB_IOC_LIST, &l) == -EFAULT,
	       "LIST into address 8: want EFAULT");
	ctl_destroy_all(dev);
	return KTAP_PASS;
}

static enum ktap_result test_too_many(void)
{
	char name[16];
	int i, id = 0;

	for (i = 0; i < CTLAB_MAX_CONTAINERS && id >= 0; i++) {
		snprintf(name, sizeof(name), "many-%d", i);
		id = ctl_create(dev, name, 0, -1, 0);
	}
	EXPECT(id > 0, "CREATE number %d failed: %s", i, strerror(-id));
	id = ctl_create(dev, "one-too-many", 0, -1, 0);
	ctl_destroy_all(dev);
	EXPECT(id == -ENOSPC, "CREATE number %d: want ENOSPC, got %s",
	       CTLAB_MAX_CONTAINERS + 1, id > 0 ? "success" : strerror(-id));
	return KTAP_PASS;
}

static enum ktap_result test_enter_checks(void)
{
	struct ct a, b, c;
	int id = ctl_create(dev, "enter", 0, -1, 0);

	EXPECT(id > 0, "CREATE enter");
	EXPECT(ctl_id_cmd(dev, CTLAB_IOC_ENTER, id) == -EINVAL,
	       "ENTER from outside any new PID namespace: want EINVAL");
	/* A new PID namespace but not the mount, UTS, IPC ones required. */
	EXPECT(!ct_start(&a, dev, id, CLONE_NEWPID, -1, NULL, NULL),
	       "clone3: %s", strerror(errno));
	ct_wait(&a);
	EXPECT(a.enter_ret == -EINVAL,
	       "ENTER lacking required namespaces: want EINVAL, got %d",
	       a.enter_ret);
	EXPECT(!ct_start(&b, dev, id, CT_NAMESPACES, -1, NULL, NULL) &&
	       b.enter_ret == 0, "ENTER with every namespace: %d",
	       b.enter_ret);
	EXPECT(!ct_start(&c, dev, id, CT_NAMESPACES, -1, NULL, NULL) &&
	       c.enter_ret == -EBUSY, "a second ENTER: want EBUSY, got %d",
	       c.enter_ret);
	ct_wait(&c);
	ct_wait(&b);
	ctl_destroy_all(dev);
	return KTAP_PASS;
}

/* The init of a container with three more processes, which all wait. */
static int three_children(void *unused __attribute__((unused)))
{
	int i;

	for (i = 0; i < 3; i++)
		if (fork() == 0) {
			pause();
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	return 0;
}

/* The PID, outside, of a child of @parent; 0 if none. */
static pid_t child_of(pid_t parent)
{
	char path[64];
	pid_t child = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", parent,
		 parent);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &child) != 1)
			child = 0;
		fclose(f);
	}
	return child;
}

static enum ktap_result test_membership(void)
{
	int id = ctl_create(dev, "members", 0, -1, 0);
	struct ctlab_stats st;
	struct ct ct;
	pid_t child;
	int status;

	EXPECT(id > 0, "CREATE members");
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, three_children, NULL) &&
	       !ct.enter_ret, "start: ENTER %d", ct.enter_ret);
	ct_go(&ct);
	EXPECT(ctl_wait_until(!ctl_stats(dev, id, &st) && st.nr_procs == 4, 5000),
	       "after init forked 3: nr_procs %u, want 4", st.nr_procs);
	EXPECT(st.state == CTLAB_STATE_RUNNING && st.init_pid == ct.pid &&
	       st.started >= st.created,
	       "state %u init_pid %d (want %d)", st.state, st.init_pid, ct.pid);

	child = child_of(ct.pid);
	EXPECT(child > 0 && !kill(child, SIGKILL), "no child of init to kill");
	EXPECT(ctl_wait_until(!ctl_stats(dev, id, &st) && st.nr_procs == 3, 5000),
	       "after one exited: nr_procs %u, want 3", st.nr_procs);
	EXPECT(st.nr_procs_peak == 4, "nr_procs_peak %u, want 4",
	       st.nr_procs_peak);

	EXPECT(!ctl_destroy(dev, id), "DESTROY: %s", strerror(errno));
	status = ct_wait(&ct);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "init after DESTROY: status %#x, want killed", status);
	EXPECT(ctl_stats(dev, id, &st) == -ENOENT, "STATS after DESTROY");
	return KTAP_PASS;
}

static int exit_seven(void *unused __attribute__((unused)))
{
	return 7;
}

static enum ktap_result test_exit_is_noticed(void)
{
	int id = ctl_create(dev, "exits", 0, -1, 0);
	struct pollfd p = { .events = POLLIN };
	struct ctlab_stats st;
	char buf[4096];
	struct ct ct;

	EXPECT(id > 0, "CREATE exits");
	p.fd = ctl_open();
	EXPECT(p.fd >= 0, "open: %s", strerror(errno));
	EXPECT(read(p.fd, buf, sizeof(buf)) > 0, "read: %s", strerror(errno));
	EXPECT(poll(&p, 1, 0) == 0, "poll right after read: something to read");

	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, exit_seven, NULL) &&
	       !ct.enter_ret, "start: ENTER %d", ct.enter_ret);
	EXPECT(poll(&p, 1, 2000) == 1 && (p.revents & POLLIN),
	       "poll did not wake for ENTER");
	EXPECT(pread(p.fd, buf, sizeof(buf), 0) > 0, "pread: %s", strerror(errno));
	EXPECT(poll(&p, 1, 0) == 0, "poll after pread: something to read");

	ct_go(&ct);
	EXPECT(poll(&p, 1, 5000) == 1, "poll did not wake when init exited");
	/* Noticed at once, before the parent reaps init. */
	EXPECT(!ctl_stats(dev, id, &st) && st.state == CTLAB_STATE_EXITED,
	       "state %u after init exited, want EXITED", st.state);
	EXPECT(WIFEXITED(st.exit_status) && WEXITSTATUS(st.exit_status) == 7,
	       "exit_status %#x, want exit(7)", st.exit_status);
	EXPECT(st.exited >= st.started && !st.nr_procs && !st.init_pid,
	       "exited %llu started %llu nr_procs %u",
	       (unsigned long long)st.exited, (unsigned long long)st.started,
	       st.nr_procs);
	ct_wait(&ct);
	EXPECT(!ctl_destroy(dev, id), "DESTROY an exited container");
	close(p.fd);
	return KTAP_PASS;
}

static enum ktap_result test_read_table(void)
{
	int id = ctl_create(dev, "tabled", 0, -1, 0);
	char buf[8192];
	ssize_t n;
	int fd = ctl_open();

	EXPECT(id > 0 && fd >= 0, "CREATE tabled / open");
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ctl_destroy_all(dev);
	EXPECT(n > 0, "read: %s", strerror(errno));
	buf[n] = 0;
	EXPECT(!strncmp(buf, "Version: 1.", 11), "table starts with '%.20s'", buf);
	EXPECT(strstr(buf, " tabled ") && strstr(buf, " rss ") &&
	       strstr(buf, " charge ") && strstr(buf, " numproc "),
	       "no rss/charge/numproc rows for 'tabled' in:\n%s", buf);
	return KTAP_PASS;
}

/* Runs inside a container: checks what it may see and do. */
static int look_from_inside(void *arg)
{
	int own = *(int *)arg, bad = 0;
	__u32 ids[4] = { 0 };
	struct ctlab_list l = { .ids = (uintptr_t)ids, .count = 4 };
	struct ctlab_stats st;
	char buf[8192];
	ssize_t n;

	if (ctl_ioctl(dev, CTLAB_IOC_LIST, &l) || l.count != 1 ||
	    ids[0] != (__u32)own)
		bad |= 1;
	if (ctl_stats(dev, own, &st) || st.init_pid != 1 || st.nr_procs != 1)
		bad |= 2;
	if (ctl_stats(dev, own + 1, &st) != -ENOENT)
		bad |= 4;
	if (ctl_create(dev, "from-inside", 0, -1, 0) != -EPERM ||
	    ctl_destroy(dev, own) != -EPERM ||
	    ctl_id_cmd(dev, CTLAB_IOC_RESET_PEAK, own) != -EPERM)
		bad |= 8;
	n = pread(dev, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	if (!strstr(buf, " inside ") || strstr(buf, " neighbour "))
		bad |= 16;
	return bad;
}

static enum ktap_result test_visibility_inside(void)
{
	int id = ctl_create(dev, "inside", 0, -1, 0);
	int other = ctl_create(dev, "neighbour", 0, -1, 0);
	struct ct ct;
	int status;

	EXPECT(id > 0 && other == id + 1, "CREATE inside, neighbour");
	EXPECT(!ct_start(&ct, dev, id, CT_NAMESPACES, -1, look_from_inside,
			 &id) && !ct.enter_ret, "start: ENTER %d", ct.enter_ret);
	status = ct_wait(&ct);
	ctl_destroy_all(dev);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "inside the container, checks failed: mask %#x (1 LIST, 2 own STATS, 4 other STATS, 8 changes allowed, 16 table)",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 0xff);
	return KTAP_PASS;
}

static enum ktap_result test_user_namespace(void)
{
	struct ctlab_create req;
	struct ct ct;

	memset(&req, 0, sizeof(req));
	strcpy(req.name, "userns");
	req.cgroup_fd = -1;
	req.namespaces = CTLAB_NS_ALL;
	EXPECT(!ctl_ioctl(dev, CTLAB_IOC_CREATE, &req), "CREATE userns");
	/* Without its own user namespace: refused. */
	EXPECT(!ct_start(&ct, dev, req.id, CT_NAMESPACES | CLONE_NEWNET |
			 CLONE_NEWCGROUP, -1, NULL, NULL) &&
	       ct.enter_ret == -EINVAL, "ENTER without a user namespace: %d",
	       ct.enter_ret);
	ct_wait(&ct);
	/* With one, it has no capability over the host, yet it may ENTER:
	 * the file was opened by root. */
	EXPECT(!ct_start(&ct, dev, req.id, CT_NAMESPACES | CLONE_NEWNET |
			 CLONE_NEWCGROUP | CLONE_NEWUSER, -1, NULL, NULL) &&
	       ct.enter_ret == 0, "ENTER with a user namespace: %d",
	       ct.enter_ret);
	ct_wait(&ct);
	ctl_destroy_all(dev);
	return KTAP_PASS;
}

static enum ktap_result test_unprivileged(void)
{
	int id = ctl_create(dev, "privileged", 0, -1, 0);
	pid_t pid;
	int status;

	EXPECT(id > 0, "CREATE privileged");
	pid = fork();
	if (pid == 0) {
		struct ctlab_stats st;

		/* The file stays open, but the caller loses its power. */
		if (setgid(65534) || setuid(65534))
			_exit(10);
		_exit((ctl_create(dev, "sneaky", 0, -1, 0) != -EPERM) |
		      (ctl_destroy(dev, id) != -EPERM) << 1 |
		      (ctl_stats(dev, id, &st) != 0) << 2);
	}
	waitpid(pid, &status, 0);
	ctl_destroy_all(dev);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "as user 65534: status %#x (1 CREATE, 2 DESTROY allowed, 4 STATS refused)",
	       status);
	return KTAP_PASS;
}

static const struct ktap_test tests[] = {
	{ "create_and_stats", test_create_and_stats },
	{ "create_errors", test_create_errors },
	{ "cgroup_without_memory", test_cgroup_without_memory },
	{ "unknown_ids", test_unknown_ids },
	{ "list", test_list },
	{ "too_many", test_too_many },
	{ "enter_checks", test_enter_checks },
	{ "membership", test_membership },
	{ "exit_is_noticed", test_exit_is_noticed },
	{ "read_table", test_read_table },
	{ "visibility_inside", test_visibility_inside },
	{ "user_namespace", test_user_namespace },
	{ "unprivileged", test_unprivileged },
};

/* containers [TEST...]: every test, or only those named. */
int main(int argc, char **argv)
{
	return ctl_ktap_main(tests, sizeof(tests) / sizeof(tests[0]), argc,
			     argv, &dev);
}
