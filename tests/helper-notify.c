/* helper-notify.c: a stand-in for systemd's notify socket: prints datagrams until READY=1 or a
 * timeout. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Usage: helper-notify SOCKET_PATH TIMEOUT_SECONDS [TEXT]. Exit 0 once a datagram
 * containing TEXT (default READY=1) arrived. */
int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: helper-notify SOCKET_PATH TIMEOUT_SECONDS [TEXT]\n");
		return 2;
	}
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(argv[1]) >= sizeof addr.sun_path) {
		fprintf(stderr, "helper-notify: path too long\n");
		return 2;
	}
	strcpy(addr.sun_path, argv[1]);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		perror("helper-notify: bind");
		return 2;
	}
	int left_ms = atoi(argv[2]) * 1000;
	while (left_ms > 0) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 100) > 0) {
			char buf[4096];
			ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
			if (n <= 0)
				continue;
			buf[n] = '\0';
			printf("%s\n", buf);
			fflush(stdout);
			if (strstr(buf, argc == 4 ? argv[3] : "READY=1")) {
				unlink(argv[1]);
				return 0;
			}
		} else {
			left_ms -= 100;
		}
	}
	unlink(argv[1]);
	fprintf(stderr, "helper-notify: no %s within %s s\n", argc == 4 ? argv[3] : "READY=1",
	        argv[2]);
	return 1;
}
