/* SPDX-License-Identifier: GPL-2.0 */
/*
 * minict.h: what the two files of minict share (lab 01).
 */
#ifndef MINICT_H
#define MINICT_H

/* What the container is to be; its first process reads it after clone(). */
struct container {
	const char *root;	/* the directory that becomes its / */
	const char *hostname;
	char **argv;		/* the command, ending with NULL */
};

/* newroot.c: make root the calling process's / (in its own namespaces). */
void enter_root(const char *root);

/* Print "minict: MESSAGE: the errno's text" and exit 125. */
__attribute__((noreturn, format(printf, 1, 2)))
void die_errno(const char *fmt, ...);

#endif
