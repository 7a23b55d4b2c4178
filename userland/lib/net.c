// SPDX-License-Identifier: GPL-2.0
/*
 * net.c: a container's network, spoken to the kernel over rtnetlink.
 *
 * Every container has a network namespace of its own, and in it only a
 * loopback interface, which the container's first task brings up.  With
 * --net the launcher adds a veth pair, a virtual cable whose two ends
 * live in two namespaces: ctlabID stays on the host, eth0 goes into the
 * container.  Each pair gets its own /30 of 10.77.0.0/16, the host's end
 * the first address, the container's the second, and the container
 * routes everything through the host's end.  When the container's last
 * task exits its namespace goes, and the kernel deletes both ends.
 *
 * The `ip` command does the same through the same interface; doing it
 * here keeps the launcher free of outside tools, and shows what a
 * "create a veth pair" really is: one RTM_NEWLINK message.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "launch.h"

/* One request: a netlink header, its family's header, attributes. */
struct nl_request {
	struct nlmsghdr hdr;
	char body[512];
};

static void *nl_begin(struct nl_request *req, int type, int flags,
		      size_t fixed)
{
	memset(req, 0, sizeof(*req));
	req->hdr.nlmsg_len = NLMSG_LENGTH(fixed);
	req->hdr.nlmsg_type = type;
	req->hdr.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return NLMSG_DATA(&req->hdr);
}

/* Append attribute @type; returns it, so a nest can be closed later. */
static struct rtattr *nl_attr(struct nl_request *req, int type,
			      const void *data, size_t len)
{
	struct rtattr *rta = (void *)((char *)req +
				      NLMSG_ALIGN(req->hdr.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	req->hdr.nlmsg_len = NLMSG_ALIGN(req->hdr.nlmsg_len) +
			     RTA_ALIGN(rta->rta_len);
	return rta;
}

/* A nest's length is everything appended since it was opened. */
static void nl_nest_end(struct nl_request *req, struct rtattr *nest)
{
	nest->rta_len = (char *)req + req->hdr.nlmsg_len - (char *)nest;
}

/* Send @req to the kernel; its acknowledgement carries 0 or -errno. */
static int nl_talk(struct nl_request *req)
{
	struct {
		struct nlmsghdr hdr;
		struct nlmsgerr err;
	} ack;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (send(fd, req, req->hdr.nlmsg_len, 0) < 0 ||
	    recv(fd, &ack, sizeof(ack), 0) < 0)
		err = -errno;
	else if (ack.hdr.nlmsg_type != NLMSG_ERROR)
		err = -EPROTO;
	else
		err = ack.err.error;
	close(fd);
	return err;
}

/*
 * An address, for --explain.  Before CREATE has answered the id is not
 * known (ctlab_ct_net() gave id 0's /30): say how it follows from it.
 */
static void addr_text(struct in_addr addr, char *buf, size_t len)
{
	uint32_t a = ntohl(addr.s_addr);

	if (ctlab_explaining() && (a & ~3U) == (10U << 24 | 77U << 16))
		snprintf(buf, len, "10.77.0.0+4*ID+%u", a & 3);
	else
		inet_ntop(AF_INET, &addr, buf, (socklen_t)len);
}

/* ip link add ctlabID type veth peer name eth0 netns PID */
static int add_veth(const char *host_end, pid_t pid)
{
	struct nl_request req;
	struct ifinfomsg *peer;
	struct rtattr *info, *data, *peer_attr;
	const char *ct_end = "eth0";

	char pid_text[16] = "PID";

	/* Explaining, there is no task yet: its PID is "PID". */
	if (pid)
		snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	if (!act("netlink", "RTM_NEWLINK {ifname=%s, kind=veth, peer {ifname=%s, net_ns_pid=%s}} (ip link add %s type veth peer name %s netns %s)",
		 host_end, ct_end, pid_text, host_end, ct_end, pid_text))
		return 0;
	nl_begin(&req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		 sizeof(struct ifinfomsg));
	nl_attr(&req, IFLA_IFNAME, host_end, strlen(host_end) + 1);
	info = nl_attr(&req, IFLA_LINKINFO, NULL, 0);
	nl_attr(&req, IFLA_INFO_KIND, "veth", 4);
	data = nl_attr(&req, IFLA_INFO_DATA, NULL, 0);
	/* The peer is described by an ifinfomsg and attributes of its own. */
	peer_attr = nl_attr(&req, VETH_INFO_PEER, NULL, sizeof(*peer));
	peer = RTA_DATA(peer_attr);
	memset(peer, 0, sizeof(*peer));
	nl_attr(&req, IFLA_IFNAME, ct_end, strlen(ct_end) + 1);
	nl_attr(&req, IFLA_NET_NS_PID, &pid, sizeof(pid));
	nl_nest_end(&req, peer_attr);
	nl_nest_end(&req, data);
	nl_nest_end(&req, info);
	return nl_talk(&req);
}

/* ip link set NAME up */
static int link_up(const char *name)
{
	struct nl_request req;
	struct ifinfomsg *ifi;

	if (!act("netlink", "RTM_NEWLINK {ifname=%s, flags=IFF_UP} (ip link set %s up)",
		 name, name))
		return 0;
	ifi = nl_begin(&req, RTM_NEWLINK, 0, sizeof(*ifi));
	ifi->ifi_index = if_nametoindex(name);
	if (!ifi->ifi_index)
		return -errno;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return nl_talk(&req);
}

/* ip addr add ADDR/30 dev NAME */
static int add_address(const char *name, struct in_addr addr)
{
	struct nl_request req;
	struct ifaddrmsg *ifa;
	char text[32];

	addr_text(addr, text, sizeof(text));
	if (!act("netlink", "RTM_NEWADDR {dev=%s, local=%s/30} (ip addr add %s/30 dev %s)",
		 name, text, text, name))
		return 0;
	ifa = nl_begin(&req, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 30;
	ifa->ifa_index = if_nametoindex(name);
	if (!ifa->ifa_index)
		return -errno;
	nl_attr(&req, IFA_LOCAL, &addr, sizeof(addr));
	nl_attr(&req, IFA_ADDRESS, &addr, sizeof(addr));
	return nl_talk(&req);
}

/* ip route add default via GATEWAY */
static int add_default_route(struct in_addr gateway)
{
	struct nl_request req;
	struct rtmsg *rt;
	char text[32];

	addr_text(gateway, text, sizeof(text));
	if (!act("netlink", "RTM_NEWROUTE {gateway=%s} (ip route add default via %s)",
		 text, text))
		return 0;
	rt = nl_begin(&req, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
		      sizeof(*rt));
	rt->rtm_family = AF_INET;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = RT_SCOPE_UNIVERSE;
	rt->rtm_type = RTN_UNICAST;
	nl_attr(&req, RTA_GATEWAY, &gateway, sizeof(gateway));
	return nl_talk(&req);
}

int ctlab_ct_net(uint32_t id, struct ctlab_ct_net *net)
{
	/* The id's /30: network, host's end, container's end, broadcast. */
	uint32_t base = (10U << 24 | 77U << 16) + 4 * id;

	/* Explaining a start, CREATE has not answered: "ctlabID". */
	if ((id == 0 && !ctlab_explaining()) || id > 16383)
		return -EINVAL;
	if (id)
		snprintf(net->host_if, sizeof(net->host_if), "ctlab%u", id);
	else
		snprintf(net->host_if, sizeof(net->host_if), "ctlabID");
	net->host.s_addr = htonl(base + 1);
	net->container.s_addr = htonl(base + 2);
	return 0;
}

int launch_net_host(uint32_t id, pid_t pid)
{
	struct ctlab_ct_net net;
	int err;

	err = ctlab_ct_net(id, &net);
	if (!err)
		err = add_veth(net.host_if, pid);
	if (!err)
		err = add_address(net.host_if, net.host);
	if (!err)
		err = link_up(net.host_if);
	return err;
}

void launch_net_inside(struct launch *l)
{
	struct ctlab_ct_net net;
	int err;

	err = link_up("lo");
	if (err)
		launch_fail(l, err, "bringing up lo");
	if (!l->cfg->net)
		return;
	err = ctlab_ct_net(l->id, &net);
	if (!err)
		err = add_address("eth0", net.container);
	if (!err)
		err = link_up("eth0");
	if (!err)
		err = add_default_route(net.host);
	if (err)
		launch_fail(l, err, "configuring eth0");
}
