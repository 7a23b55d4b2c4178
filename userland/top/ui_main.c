// SPDX-License-Identifier: GPL-2.0
/*
 * ui_main.c: the interactive dashboard's loop and its keys.
 *
 * The loop sleeps in ppoll() on three things and never spins:
 *   - the keyboard (stdin); a terminal resize interrupts ppoll() too, and
 *     curses then hands us KEY_RESIZE;
 *   - /dev/ctlab, which wakes us when a container is created, starts,
 *     exits, is destroyed or hits its limit, so such a change shows at
 *     once, not at the next refresh.  At most every 250 ms, though: a
 *     container stuck at its limit can make an event every time the
 *     module samples it (10 ms), so once woken we leave the device out
 *     of poll() until that redraw, and only then mark its events seen
 *     (ctlab_events_ack());
 *   - the refresh timer, when everything, guests included, is sampled.
 *     Guests answer over QMP, which costs QEMU some work, so they are
 *     only asked on the timer.
 *
 * Stopping or killing can take seconds (a guest's ACPI power-off, a
 * container's SIGTERM grace time): a child process does it, so the
 * screen keeps moving meanwhile.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"

#define EVENT_GAP_S 0.25	/* the most often an event redraws */
#define STOP_TIMEOUT_MS 10000	/* SIGTERM or ACPI power-off, then kill */
#define DELAY_STEP_S 0.5	/* what + and - change the refresh by */
#define DELAY_MAX_S 3600	/* as -d allows */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the selection --------------------------------------------------- */

/* Re-sort after a new snapshot or a new view; keep the selected row. */
static void update_view(struct ui *ui)
{
	size_t i, lines = (size_t)ui_table_lines(ui);

	ui->order = realloc(ui->order, (ui->snap.nr_rows + 1) * sizeof(size_t));
	if (!ui->order)
		abort();
	ui->nr_shown = view_rows(&ui->opt.view, &ui->snap, ui->order);
	for (i = 0; i < ui->nr_shown; i++) {
		const struct row *r = &ui->snap.rows[ui->order[i]];

		if (r->type == ui->sel_type && !strcmp(r->name, ui->sel_name)) {
			ui->selected = i;
			break;
		}
	}
	if (ui->selected >= ui->nr_shown)
		ui->selected = ui->nr_shown ? ui->nr_shown - 1 : 0;
	if (ui->nr_shown) {
		const struct row *r = &ui->snap.rows[ui->order[ui->selected]];

		ui->sel_type = r->type;
		snprintf(ui->sel_name, sizeof(ui->sel_name), "%s", r->name);
	}
	/* Scroll so the selection is on screen. */
	if (ui->selected < ui->first)
		ui->first = ui->selected;
	if (ui->selected >= ui->first + lines)
		ui->first = ui->selected - lines + 1;
	if (ui->first + lines > ui->nr_shown)
		ui->first = ui->nr_shown > lines ? ui->nr_shown - lines : 0;
}

static void move_selection(struct ui *ui, long by)
{
	long to = (long)ui->selected + by;

	if (to >= (long)ui->nr_shown)
		to = (long)ui->nr_shown - 1;
	if (to < 0)
		to = 0;
	ui->selected = (size_t)to;
	ui->sel_name[0] = '\0';	/* follow the index, not the old name */
	update_view(ui);
}

/* ---- stop and kill, in a child ---------------------------------------- */

static pid_t action_child;
static char action_what[96];
/* The signal mask to wait in (see top_interactive()), and to restore. */
static sigset_t wait_mask;

static void start_action(struct ui *ui, const struct row *r, bool kill)
{
	bool flag;
	pid_t pid;

	if (action_child) {
		snprintf(ui->message, sizeof(ui->message),
			 "still busy: %s", action_what);
		return;
	}
	snprintf(action_what, sizeof(action_what), "%s %s %s",
		 kill ? "killing" : "stopping",
		 r->type == ROW_CT ? "container" : "guest", r->name);
	pid = fork();
	if (pid < 0) {
		snprintf(ui->message, sizeof(ui->message), "cannot fork: %s",
			 strerror(errno));
		return;
	}
	if (pid == 0) {
		int err;

		sigprocmask(SIG_SETMASK, &wait_mask, NULL);
		if (r->type == ROW_CT)
			err = ctlab_ct_stop(r->name, kill ? 0 : STOP_TIMEOUT_MS,
					    &flag);
		else if (kill)
			err = ctlab_vm_kill(r->name, &flag);
		else
			err = ctlab_vm_stop(r->name, STOP_TIMEOUT_MS, &flag);
		_exit(err ? (-err & 0xff) : 0);
	}
	action_child = pid;
	snprintf(ui->message, sizeof(ui->message), "%s...", action_what);
}

/* Has the child finished?  Say how it went. */
static bool reap_action(struct ui *ui)
{
	int status;

	if (!action_child || waitpid(action_child, &status, WNOHANG) <= 0)
		return false;
	action_child = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		snprintf(ui->message, sizeof(ui->message), "%s: done",
			 action_what);
	else if (WIFEXITED(status))
		snprintf(ui->message, sizeof(ui->message), "%s: %s", action_what,
			 WEXITSTATUS(status) == EPERM ? "needs root" :
			 strerror(WEXITSTATUS(status)));
	else
		snprintf(ui->message, sizeof(ui->message), "%s: it crashed",
			 action_what);
	return true;
}

/* ---- keys ------------------------------------------------------------ */

enum pending { NONE, FILTER, SEARCH, CONFIRM_STOP, CONFIRM_KILL };

#define KEY_ESC 27

struct input {
	enum pending pending;
	struct row target;	/* what a confirmation is about */
	bool quit;
	bool reschedule;	/* the refresh interval changed */
};

static void ask(struct ui *ui, struct input *in, bool kill)
{
	const struct row *r;

	if (!ui->nr_shown)
		return;
	if (ui->opt.replay) {
		snprintf(ui->message, sizeof(ui->message),
			 "a replay: nothing to %s", kill ? "kill" : "stop");
		return;
	}
	r = &ui->snap.rows[ui->order[ui->selected]];
	in->target = *r;
	in->pending = kill ? CONFIRM_KILL : CONFIRM_STOP;
	snprintf(ui->prompt, sizeof(ui->prompt), "%s %s %s? [y/N] ",
		 kill ? "Kill" : "Stop",
		 r->type == ROW_CT ? "container" : "guest", r->name);
}

static bool is_backspace(int key)
{
	return key == KEY_BACKSPACE || key == 127 || key == 8;
}

static void filter_key(struct ui *ui, struct input *in, int key)
{
	char *f = ui->opt.view.filter;
	size_t len = strlen(f);

	if (key == '\n' || key == KEY_ENTER) {
		in->pending = NONE;
	} else if (key == KEY_ESC) {
		f[0] = '\0';
		in->pending = NONE;
	} else if (is_backspace(key) && len) {
		f[len - 1] = '\0';
	} else if (key > ' ' && key < 127 && len + 1 < sizeof(ui->opt.view.filter)) {
		f[len] = (char)key;
		f[len + 1] = '\0';
	}
	snprintf(ui->prompt, sizeof(ui->prompt), "filter (Enter keeps, Esc clears): %s", f);
	if (in->pending == NONE)
		ui->prompt[0] = '\0';
	update_view(ui);
}

/* Select the first row from the @from-th on (round the end) whose name
 * holds what is being searched for. */
static bool search_from(struct ui *ui, size_t from)
{
	size_t k, i;

	for (k = 0; k < ui->nr_shown; k++) {
		i = (from + k) % ui->nr_shown;
		if (strstr(ui->snap.rows[ui->order[i]].name, ui->search)) {
			ui->selected = i;
			ui->sel_name[0] = '\0';	/* follow the index */
			update_view(ui);
			return true;
		}
	}
	return false;
}

/*
 * F3, as in htop: each key typed moves the selection to the first row
 * whose name holds the text so far (the filter, F4, hides the others
 * instead); F3 again goes to the next one; Enter or Esc stops.
 */
static void search_key(struct ui *ui, struct input *in, int key)
{
	size_t len = strlen(ui->search);
	bool found = true;

	if (key == '\n' || key == KEY_ENTER || key == KEY_ESC) {
		in->pending = NONE;
		ui->prompt[0] = '\0';
		return;
	}
	if (key == KEY_F(3) && len) {
		found = search_from(ui, ui->selected + 1);
	} else if (is_backspace(key) && len) {
		ui->search[len - 1] = '\0';
		found = !ui->search[0] || search_from(ui, ui->selected);
	} else if (key > ' ' && key < 127 && len + 1 < sizeof(ui->search)) {
		ui->search[len] = (char)key;
		ui->search[len + 1] = '\0';
		found = search_from(ui, ui->selected);
	}
	snprintf(ui->prompt, sizeof(ui->prompt),
		 "search (F3 next, Enter ends): %s%s", ui->search,
		 found ? "" : "   (no such name)");
}

/* F6: Up and Down move in the list of columns, Enter sorts, Esc goes. */
static void sort_menu_key(struct ui *ui, int key)
{
	switch (key) {
	case KEY_UP:
		if (ui->sort_pick > 0)
			ui->sort_pick--;
		break;
	case KEY_DOWN:
		if (ui->sort_pick + 1 < NR_COLUMNS)
			ui->sort_pick++;
		break;
	case '\n': case KEY_ENTER:
		if (ui->opt.view.sort != ui->sort_pick) {
			ui->opt.view.sort = ui->sort_pick;
			ui->opt.view.reverse = false;
		}
		ui->sort_menu = false;
		update_view(ui);
		break;
	case KEY_ESC: case KEY_F(6): case 'q':
		ui->sort_menu = false;
		break;
	}
}

static void sort_by(struct ui *ui, enum column col)
{
	ui->opt.view.reverse = ui->opt.view.sort == col ? !ui->opt.view.reverse : false;
	ui->opt.view.sort = col;
}

static void handle_key(struct ui *ui, struct input *in, int key)
{
	const long page = ui_table_lines(ui);

	if (in->pending == FILTER) {
		filter_key(ui, in, key);
		return;
	}
	if (in->pending == SEARCH) {
		search_key(ui, in, key);
		return;
	}
	if (in->pending == CONFIRM_STOP || in->pending == CONFIRM_KILL) {
		if (key == KEY_RESIZE)	/* not an answer: keep asking */
			return;
		if (key == 'y' || key == 'Y')
			start_action(ui, &in->target, in->pending == CONFIRM_KILL);
		else
			ui->message[0] = '\0';
		in->pending = NONE;
		ui->prompt[0] = '\0';
		return;
	}
	if (ui->help && key != KEY_RESIZE) {
		ui->help = false;
		return;
	}
	if (ui->sort_menu) {
		sort_menu_key(ui, key);
		return;
	}
	ui->message[0] = '\0';
	switch (key) {
	case 'q': case 'Q': case KEY_F(10):
		in->quit = true;
		break;
	case KEY_ESC:	/* closes what is open, the innermost first */
		if (ui->explain)
			ui->explain = false;
		else
			ui->detail = false;
		break;
	case 'e':
		ui->detail = true;
		ui->explain = !ui->explain;
		ui->figure = 0;
		break;
	case KEY_F(6):
		ui->sort_menu = true;
		ui->sort_pick = ui->opt.view.sort;
		break;
	case KEY_F(3):
		in->pending = SEARCH;
		ui->search[0] = '\0';
		snprintf(ui->prompt, sizeof(ui->prompt),
			 "search (F3 next, Enter ends): ");
		break;
	case KEY_UP:	/* explaining, they move over the figures */
		if (ui->explain && ui->figure > 0)
			ui->figure--;
		else if (!ui->explain)
			move_selection(ui, -1);
		break;
	case KEY_DOWN:
		if (ui->explain && ui->figure + 1 < ui_figures(ui))
			ui->figure++;
		else if (!ui->explain)
			move_selection(ui, 1);
		break;
	case KEY_PPAGE:
		move_selection(ui, -page);
		break;
	case KEY_NPAGE:
		move_selection(ui, page);
		break;
	case KEY_HOME:
		move_selection(ui, -(long)ui->nr_shown);
		break;
	case KEY_END:
		move_selection(ui, (long)ui->nr_shown);
		break;
	case 'M': sort_by(ui, COL_MEM); break;
	case 'P': sort_by(ui, COL_CPU); break;
	case 'N': sort_by(ui, COL_NAME); break;
	case 'T': sort_by(ui, COL_UPTIME); break;
	case 'I': ui->opt.view.reverse = !ui->opt.view.reverse; break;
	case '<': ui->opt.view.sort = view_sort_next(ui->opt.view.sort, -1); break;
	case '>': ui->opt.view.sort = view_sort_next(ui->opt.view.sort, 1); break;
	case 't':
		ui->opt.view.show = (ui->opt.view.show + 1) % 3;
		break;
	case '/': case '\\': case KEY_F(4):
		in->pending = FILTER;
		snprintf(ui->prompt, sizeof(ui->prompt),
			 "filter (Enter keeps, Esc clears): %s", ui->opt.view.filter);
		break;
	case '\n': case KEY_ENTER:
		ui->detail = !ui->detail;
		ui->explain = false;
		break;
	case 's':
		ask(ui, in, false);
		break;
	case 'k': case KEY_F(9):
		ask(ui, in, true);
		break;
	case '+':
		if (ui->opt.delay + DELAY_STEP_S <= DELAY_MAX_S)
			ui->opt.delay += DELAY_STEP_S;
		in->reschedule = true;
		break;
	case '-':	/* not below a step, unless -d asked for less */
		if (ui->opt.delay - DELAY_STEP_S >= DELAY_STEP_S)
			ui->opt.delay -= DELAY_STEP_S;
		in->reschedule = true;
		break;
	case 'h': case 'H': case '?': case KEY_F(1):
		ui->help = true;
		break;
	case KEY_RESIZE:
		break;	/* curses knows the new size; the redraw does the rest */
	default:
		return;
	}
	update_view(ui);
}

/* ---- the loop --------------------------------------------------------- */

/* SIGCHLD only has to interrupt poll(): reap_action() does the rest. */
static void on_child(int sig)
{
	(void)sig;
}

/*
 * SIGCHLD (an action finished) and SIGWINCH (curses' own handler: the
 * terminal was resized) must wake the loop.  A signal that came while
 * it sampled or drew would not interrupt the poll() after it, and the
 * screen would wait a whole refresh interval to show it: so both are
 * blocked, except inside ppoll(), which unblocks them as it sleeps.
 */
static void block_wakeups(void)
{
	sigset_t wakeups;

	sigemptyset(&wakeups);
	sigaddset(&wakeups, SIGCHLD);
	sigaddset(&wakeups, SIGWINCH);
	sigprocmask(SIG_BLOCK, &wakeups, &wait_mask);
}

static void start_curses(struct ui *ui)
{
	struct sigaction sa = { .sa_handler = on_child };

	sigaction(SIGCHLD, &sa, NULL);
	setlocale(LC_ALL, "");
	ui->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	initscr();
	cbreak();
	noecho();
	nonl();		/* Enter arrives as '\r': mapped below */
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui->colour = has_colors();
	/* A terminal without colour is most likely a real vt100 or a
	 * serial line's, whatever the locale says: ASCII sparklines. */
	ui->utf8 = ui->utf8 && ui->colour;
	if (ui->colour) {
		start_color();
		use_default_colors();
		init_pair(UI_TITLE, COLOR_CYAN, -1);
		init_pair(UI_CT, COLOR_GREEN, -1);
		init_pair(UI_VM, COLOR_MAGENTA, -1);
		init_pair(UI_GOOD, COLOR_GREEN, -1);
		init_pair(UI_WARN, COLOR_YELLOW, -1);
		init_pair(UI_BAD, COLOR_RED, -1);
		init_pair(UI_DIM, COLOR_BLUE, -1);
		/* htop's: titles black on green, the selection black on
		 * cyan; never the same. */
		init_pair(UI_HEADER, COLOR_BLACK, COLOR_GREEN);
		init_pair(UI_SELECT, COLOR_BLACK, COLOR_CYAN);
	}
}

/* --replay: the recording's next snapshot, instead of a new one. */
static void replay(struct ui *ui)
{
	struct snapshot next;
	char why[96];
	int err;

	if (ui->replay_done)
		return;
	err = replay_next(ui->opt.replay, &next, &ui->snap, &ui->sample_nr,
			  why, sizeof(why));
	if (err) {
		ui->replay_done = true;
		if (err == -ENODATA)
			snprintf(ui->message, sizeof(ui->message),
				 "end of the recording, %ld snapshots: F10 quits",
				 ui->sample_nr);
		else
			snprintf(ui->message, sizeof(ui->message),
				 "the recording stops here: %s", why);
		return;
	}
	snapshot_free(&ui->snap);
	ui->snap = next;
	snprintf(ui->module_why, sizeof(ui->module_why),
		 "none in the recording");
	update_view(ui);
}

/*
 * A new snapshot into ui->snap; @guests: ask the guests too.  @ack:
 * the device woke us, so mark its events seen first: whatever happens
 * after that wakes the next poll(), and what came before is in this
 * snapshot.
 */
static void resample(struct ui *ui, int *fd, bool guests, bool ack)
{
	struct snapshot next;

	if (ui->opt.replay) {
		replay(ui);
		return;
	}
	/* The module may have been loaded since: look again. */
	if (*fd < 0 && guests)
		*fd = top_open_device(ui->module_why, sizeof(ui->module_why));
	if (*fd >= 0 && ack)
		ctlab_events_ack(*fd);
	sample(&next, &ui->snap, *fd, guests);
	if (!next.module && *fd >= 0) {	/* unloaded under us */
		close(*fd);
		*fd = -1;
		snprintf(ui->module_why, sizeof(ui->module_why),
			 "the module is not loaded (ctlab module load)");
	}
	snapshot_free(&ui->snap);
	ui->snap = next;
	if (guests)
		ui->sample_nr++;
	if (guests && ui->opt.record &&
	    record_snapshot(ui->opt.record, &ui->snap, ui->sample_nr,
			    (long long)time(NULL), ui->module_why))
		snprintf(ui->message, sizeof(ui->message),
			 "--record: cannot write, recording stopped");
	update_view(ui);
}

/* The first refresh comes sooner, so that CPU% shows within a moment. */
#define FIRST_REFRESH_S 0.5

int top_interactive(const struct top_options *opt)
{
	struct ui ui = { .opt = *opt };
	struct input in = { NONE };
	double last_full, next_full, next_event = 0;	/* 0: no event pending */
	int fd, key, status = EXIT_SUCCESS;

	fd = ui.opt.replay ? -1 :
	     top_open_device(ui.module_why, sizeof(ui.module_why));
	start_curses(&ui);
	block_wakeups();
	resample(&ui, &fd, true, false);
	last_full = now_s();
	next_full = last_full + (ui.opt.delay < FIRST_REFRESH_S ?
				 ui.opt.delay : FIRST_REFRESH_S);
	while (!in.quit) {
		struct pollfd p[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = fd, .events = POLLIN },
		};
		/* With an event pending, leave the device out: it stays
		 * readable until resample() acknowledges it. */
		nfds_t nfds = fd >= 0 && !next_event ? 2 : 1;
		double now, wake, left;
		struct timespec ts;

		/* ACCOUNT for the selected container alone, once a snapshot. */
		if (ui.detail && ui.nr_shown)
			row_account(&ui.snap.rows[ui.order[ui.selected]], fd);
		ui_draw(&ui);
		wake = next_event && next_event < next_full ? next_event : next_full;
		now = now_s();
		left = wake > now ? wake - now + 0.001 : 0;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		if (ppoll(p, nfds, &ts, &wait_mask) < 0 && errno != EINTR)
			break;
		/* The terminal is gone: stdin would stay "ready" forever. */
		if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			status = EXIT_FAILURE;
			break;
		}
		while ((key = getch()) != ERR)
			handle_key(&ui, &in, key == '\r' ? '\n' : key);
		if (in.reschedule) {	/* at once if the new interval is up */
			next_full = last_full + ui.opt.delay;
			in.reschedule = false;
		}
		/* Soon, but not sooner than EVENT_GAP_S after the last. */
		if (nfds == 2 && (p[1].revents & POLLIN))
			next_event = ui.snap.taken + EVENT_GAP_S;
		if (reap_action(&ui))
			next_full = now_s();	/* show what it did */
		now = now_s();
		if (now >= next_full) {
			resample(&ui, &fd, true, next_event != 0);
			last_full = now;
			next_full = now + ui.opt.delay;
			next_event = 0;
		} else if (next_event && now >= next_event) {
			resample(&ui, &fd, false, true);
			next_event = 0;
		}
	}
	endwin();
	snapshot_free(&ui.snap);
	free(ui.order);
	if (fd >= 0)
		close(fd);
	return status;
}
