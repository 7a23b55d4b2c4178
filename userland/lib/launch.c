// SPDX-License-Identifier: GPL-2.0
/*
 * launch.c: starting a container, the part the kernel module cannot do.
 *
 * A module cannot create namespaces, so userland does it, like crun or
 * lxc-start: clone3() makes the container's first task in new PID, mount,
 * UTS, IPC, network and cgroup namespaces, inside the container's cgroup.
 * That task then asks the module to make it the container's init
 * (ENTER: from now on the kernel counts every task it forks), and builds
 * its own world before it runs the command:
 *
 *   hostname    the container's name
 *   /           an overlay: the template read-only below, a private
 *               upper directory on top, so the template stays pristine
 *               and every container shares its pages in the page cache
 *   /proc       of the new PID namespace: it sees its own processes only
 *   /sys        read-only
 *   /dev        a tmpfs with null, zero, full, random, urandom, tty, a
 *               private devpts and /dev/shm
 *   /tmp        a tmpfs
 *   pivot_root  the host's tree is detached: nothing above / remains
 *   capabilities  those a container must not have (loading modules,
 *               setting the clock, rebooting...) leave its bounding set
 *   detached    stdin is /dev/null, stdout and stderr go to output.log in
 *               the run directory
 *
 * If a step fails, the child reports which step and the errno through a
 * close-on-exec pipe; a successful execve() closes the pipe instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* What a failed child reports. */
struct launch_error {
	int err;		/* -errno */
	char step[96];
};

struct launch {
	const struct ctlab_run_config *cfg;
	int dev;		/* /dev/ctlab */
	uint32_t id;
	int report;		/* write end of the error pipe */
	/* Run directories are short (/run/ctlab/ct/NAME): 1 KiB is ample. */
	char root[1024], upper[1024], work[1024], log[1024];
};

static const int dropped_caps[] = {
	CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_SYS_BOOT,
	CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG, CAP_AUDIT_CONTROL,
	CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND,
};

static const char *const devices[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

/* Reports a failed step to the parent and ends the child. */
__attribute__((noreturn, format(printf, 3, 4)))
static void fail(struct launch *l, int err, const char *fmt, ...)
{
	struct launch_error e = { .err = err < 0 ? err : -err };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e.step, sizeof(e.step), fmt, ap);
	va_end(ap);
	if (write(l->report, &e, sizeof(e)) != sizeof(e))
		_exit(126);
	_exit(127);
}

/* mount(2), or fail naming @what. */
static void mount_or_fail(struct launch *l, const char *src, const char *dst,
			  const char *type, unsigned long flags,
			  const char *data, const char *what)
{
	if (mount(src, dst, type, flags, data))
		fail(l, errno, "mounting %s", what);
}

static void under_root(struct launch *l, const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", l->root, rel);
}

/* A tmpfs /dev with a few device nodes bound from the host's. */
static void make_dev(struct launch *l)
{
	char dev[PATH_MAX], node[PATH_MAX + 16], host[32];
	unsigned int i;
	int fd;

	under_root(l, "dev", dev, sizeof(dev));
	mount_or_fail(l, "tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
		      "mode=755,size=64k", "/dev");
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		snprintf(node, sizeof(node), "%s/%s", dev, devices[i]);
		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		fd = open(node, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			fail(l, errno, "creating /dev/%s", devices[i]);
		close(fd);
		mount_or_fail(l, host, node, NULL, MS_BIND, NULL, host);
	}
	snprintf(node, sizeof(node), "%s/pts", dev);
	mkdir(node, 0755);
	mount_or_fail(l, "devpts", node, "devpts", MS_NOSUID | MS_NOEXEC,
		      "newinstance,ptmxmode=0666,mode=620", "/dev/pts");
	snprintf(node, sizeof(node), "%s/ptmx", dev);
	if (symlink("pts/ptmx", node))
		fail(l, errno, "linking /dev/ptmx");
	snprintf(node, sizeof(node), "%s/shm", dev);
	mkdir(node, 01777);
	mount_or_fail(l, "shm", node, "tmpfs", MS_NOSUID | MS_NODEV,
		      "mode=1777", "/dev/shm");
}

/* The container's root: overlay, /proc, /sys, /dev, /tmp, pivot_root. */
static void make_root(struct launch *l)
{
	char opts[3 * PATH_MAX + 64], path[PATH_MAX];

	/* Nothing mounted from here on may leak back to the host. */
	mount_or_fail(l, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL,
		      "/ as private");
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s",
		 l->cfg->template, l->upper, l->work);
	mount_or_fail(l, "overlay", l->root, "overlay", 0, opts,
		      "the overlay root");
	under_root(l, "proc", path, sizeof(path));
	mount_or_fail(l, "proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		      NULL, "/proc");
	under_root(l, "sys", path, sizeof(path));
	mount_or_fail(l, "sysfs", path, "sysfs",
		      MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, "/sys");
	make_dev(l);
	under_root(l, "tmp", path, sizeof(path));
	mount_or_fail(l, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV,
		      "mode=1777", "/tmp");

	under_root(l, ".oldroot", path, sizeof(path));
	mkdir(path, 0700);
	if (syscall(SYS_pivot_root, l->root, path))
		fail(l, errno, "pivot_root");
	if (chdir("/") || umount2("/.oldroot", MNT_DETACH) || rmdir("/.oldroot"))
		fail(l, errno, "detaching the host's root");
}

int ctlab_drop_capabilities(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(dropped_caps) / sizeof(dropped_caps[0]); i++)
		if (prctl(PR_CAPBSET_DROP, dropped_caps[i], 0, 0, 0) &&
		    errno != EINVAL)
			return -errno;
	return 0;
}

/* A detached container does not hold its launcher's terminal or pipes. */
static void detach_stdio(struct launch *l)
{
	int in = open("/dev/null", O_RDONLY);
	int out = open(l->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(out, 2) < 0)
		fail(l, errno, "redirecting its output to %s", l->log);
	close(in);
	close(out);
}

/* The container's first task: becomes init, builds its world, execs. */
static int child(struct launch *l)
{
	char *env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/root", "container=ctlab", NULL, NULL,
	};
	char term[64];
	int err;

	err = ctlab_enter(l->dev, l->id);
	if (err)
		fail(l, err, "ENTER (becoming the container's init)");
	close(l->dev);
	if (l->cfg->detach)
		detach_stdio(l);
	if (sethostname(l->cfg->name, strlen(l->cfg->name)))
		fail(l, errno, "setting the hostname");
	make_root(l);
	err = ctlab_drop_capabilities();
	if (err)
		fail(l, err, "dropping capabilities");
	if (getenv("TERM")) {
		snprintf(term, sizeof(term), "TERM=%s", getenv("TERM"));
		env[3] = term;
	}
	execve(l->cfg->argv[0], l->cfg->argv, env);
	/* Not a path: look it up in the container's PATH, as a shell would. */
	if (errno == ENOENT && !strchr(l->cfg->argv[0], '/')) {
		char path[PATH_MAX];
		const char *dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin" };
		unsigned int i;

		for (i = 0; i < 4; i++) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i],
				 l->cfg->argv[0]);
			execve(path, l->cfg->argv, env);
		}
		errno = ENOENT;
	}
	fail(l, errno, "running %s", l->cfg->argv[0]);
}

/* Makes NAME's run directory: upper and work for the overlay, root. */
static int make_run_dir(struct launch *l)
{
	char dir[1000];
	int err;

	err = ctlab_ct_run_dir(l->cfg->name, dir, sizeof(dir));
	if (err)
		return err;
	/* What a container of this name left behind is not this one's. */
	err = ctlab_rm_rf(dir);
	if (err)
		return err;
	snprintf(l->upper, sizeof(l->upper), "%s/upper", dir);
	snprintf(l->work, sizeof(l->work), "%s/work", dir);
	snprintf(l->root, sizeof(l->root), "%s/root", dir);
	snprintf(l->log, sizeof(l->log), "%s/output.log", dir);
	err = ctlab_mkdir_p(l->upper);
	if (!err)
		err = ctlab_mkdir_p(l->work);
	if (!err)
		err = ctlab_mkdir_p(l->root);
	return err;
}

/* Clones the first task; waits for its report.  0 once it has exec'd. */
static int start_init(struct launch *l, int cgroup_fd, pid_t *pid,
		      char *why, size_t why_len)
{
	struct clone_args ca = {
		.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
			 CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP |
			 CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = (uint64_t)cgroup_fd,
	};
	struct launch_error e;
	int pipefd[2];
	long ret;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	l->report = pipefd[1];
	ret = syscall(SYS_clone3, &ca, sizeof(ca));
	if (ret == 0) {
		close(pipefd[0]);
		_exit(child(l));
	}
	close(pipefd[1]);
	if (ret < 0) {
		close(pipefd[0]);
		snprintf(why, why_len, "clone3 into new namespaces");
		return -errno;
	}
	*pid = ret;
	if (read(pipefd[0], &e, sizeof(e)) == sizeof(e)) {
		close(pipefd[0]);
		waitpid(*pid, NULL, 0);
		snprintf(why, why_len, "%s", e.step);
		return e.err;
	}
	close(pipefd[0]);
	return 0;
}

int ctlab_ct_run(const struct ctlab_run_config *cfg, pid_t *pid,
		 uint32_t *id, char *why, size_t why_len)
{
	struct launch l = { .cfg = cfg };
	struct ctlab_create req;
	char busybox[PATH_MAX];
	int cgroup_fd = -1, err;

	snprintf(why, why_len, "checking the request");
	if (ctlab_name_valid(cfg->name) || !cfg->argv || !cfg->argv[0])
		return -EINVAL;
	snprintf(busybox, sizeof(busybox), "%s/bin/busybox", cfg->template);
	if (access(busybox, X_OK)) {
		snprintf(why, why_len, "no container template at %s",
			 cfg->template);
		return -ENOENT;
	}
	snprintf(why, why_len, "opening " CTLAB_DEVICE);
	err = ctlab_open(&l.dev);
	if (err)
		return err;
	snprintf(why, why_len, "making its cgroup");
	err = ctlab_cgroup_make(cfg->name, &cgroup_fd);
	if (err)
		goto out_close;

	memset(&req, 0, sizeof(req));
	strcpy(req.name, cfg->name);
	req.limit = cfg->limit;
	req.barrier = cfg->barrier;
	req.on_limit = cfg->on_limit;
	req.cgroup_fd = cgroup_fd;
	req.namespaces = CTLAB_NS_MNT | CTLAB_NS_UTS | CTLAB_NS_IPC |
			 CTLAB_NS_NET | CTLAB_NS_CGROUP;
	snprintf(why, why_len, "CREATE");
	err = ctlab_create(l.dev, &req);
	if (err)
		goto out_cgroup;
	l.id = req.id;
	snprintf(why, why_len, "making its run directory");
	err = make_run_dir(&l);
	if (!err)
		err = start_init(&l, cgroup_fd, pid, why, why_len);
	if (err) {
		ctlab_destroy(l.dev, l.id);
		goto out_cgroup;
	}
	*id = l.id;
	close(cgroup_fd);
	close(l.dev);
	return 0;

out_cgroup:
	close(cgroup_fd);
	ctlab_cgroup_remove(cfg->name);
out_close:
	close(l.dev);
	return err;
}
