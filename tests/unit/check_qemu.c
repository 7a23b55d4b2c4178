// SPDX-License-Identifier: GPL-2.0
/*
 * check_qemu.c: the machine a guest's QEMU command line asks for
 * (userland/lib/qemu.c).  microvm by default, with its virtio-mmio
 * devices and, under TCG, the host's TSC rate on the kernel's command
 * line (a kernel on microvm has no timer to measure it against); pc, with
 * virtio-pci devices, for an e1000 or when asked for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "internal.h"
#include "suites.h"

/* The argument after @opt in @argv, or NULL. */
static const char *after(char **argv, const char *opt)
{
	for (; *argv && argv[1]; argv++)
		if (!strcmp(*argv, opt))
			return argv[1];
	return NULL;
}

static bool has(char **argv, const char *arg)
{
	for (; *argv; argv++)
		if (!strcmp(*argv, arg))
			return true;
	return false;
}

static char **argv_of(const struct ctlab_vm_config *cfg,
		      enum ctlab_accel accel)
{
	char **argv = NULL;

	ck_assert_int_eq(vm_qemu_argv(cfg, accel, "/run/g", &argv), 0);
	return argv;
}

START_TEST(test_microvm_by_default)
{
	struct ctlab_vm_config cfg = { .name = "g", .mem = 256 << 20,
				       .cpus = 1, .net = true };
	char **argv = argv_of(&cfg, CTLAB_ACCEL_TCG);
	const char *append = after(argv, "-append");

	ck_assert_str_eq(after(argv, "-M"), "microvm,pit=off,pic=off");
	ck_assert(has(argv, "virtio-balloon-device,id=balloon0"));
	ck_assert(has(argv, "virtio-net-device,netdev=net0"));
	ck_assert_ptr_nonnull(strstr(append, " pci=off"));
	ck_assert_ptr_nonnull(strstr(append, " tsc_early_khz="));
	/* A busy host must not send its clock back to jiffies. */
	ck_assert_ptr_nonnull(strstr(append, " tsc=reliable"));
	ctlab_strv_free(argv);

	/* Under KVM the kernel has kvmclock: no rate to pass. */
	argv = argv_of(&cfg, CTLAB_ACCEL_KVM);
	ck_assert_str_eq(after(argv, "-M"), "microvm,pit=off,pic=off");
	ck_assert_ptr_null(strstr(after(argv, "-append"), "tsc_early_khz"));
	ctlab_strv_free(argv);
}
END_TEST

START_TEST(test_pc_for_e1000_or_asked)
{
	struct ctlab_vm_config cfg = { .name = "g", .mem = 256 << 20,
				       .cpus = 1, .net = true,
				       .nic = CTLAB_NIC_E1000 };
	char **argv = argv_of(&cfg, CTLAB_ACCEL_TCG);

	ck_assert_str_eq(after(argv, "-M"), "pc");
	ck_assert(has(argv, "e1000,netdev=net0"));
	ck_assert(has(argv, "virtio-balloon-pci,id=balloon0"));
	ck_assert_ptr_nonnull(strstr(after(argv, "-append"), " pci=noacpi"));
	/* A busy host must not fail the boot's IO-APIC timer test. */
	ck_assert_ptr_nonnull(strstr(after(argv, "-append"), " no_timer_check"));
	ck_assert_ptr_null(strstr(after(argv, "-append"), "tsc_early_khz"));
	ctlab_strv_free(argv);

	cfg.nic = CTLAB_NIC_VIRTIO;
	cfg.machine = CTLAB_MACHINE_PC;
	argv = argv_of(&cfg, CTLAB_ACCEL_TCG);
	ck_assert_str_eq(after(argv, "-M"), "pc");
	ck_assert(has(argv, "virtio-net-pci,netdev=net0"));
	ctlab_strv_free(argv);
}
END_TEST

/* The measured rate is a plausible x86 TSC's: 0.1 to 10 GHz. */
START_TEST(test_host_tsc_rate)
{
	unsigned long khz = 0;

	ck_assert_int_eq(vm_host_tsc_khz(&khz), 0);
	ck_assert_uint_gt(khz, 100000);
	ck_assert_uint_lt(khz, 10000000);
}
END_TEST

Suite *qemu_suite(void)
{
	Suite *s = suite_create("qemu");
	TCase *tc = tcase_create("machine");

	tcase_add_test(tc, test_pc_for_e1000_or_asked);
#if defined(__x86_64__) || defined(__i386__)
	/* microvm, and the TSC measured, only on an x86 host (qemu.c). */
	tcase_add_test(tc, test_microvm_by_default);
	tcase_add_test(tc, test_host_tsc_rate);
#endif
	suite_add_tcase(s, tc);
	return s;
}
