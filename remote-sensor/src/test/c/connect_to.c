/*
 * COUNT (default 1, at most 1,000,000) TCP connects, one after the other, each on a new socket, to
 * ADDRESS (an IPv4 or IPv6 literal) and PORT; prints what came of the last ("connected" or the
 * error). Exits 0 either way: a refused connect was still attempted. Used by
 * SecurityCollectorTest and SecurityPrivilegeAndFloodTest for outbound-connect events.
 *   connect_to ADDRESS PORT [COUNT]
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct addrinfo hints, *ai;
	long count = argc == 4 ? atol(argv[3]) : 1, i;
	int fd, rc = -1;

	if (argc != 3 && argc != 4)
		return 2;
	if (count < 1 || count > 1000000)
		return 2;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0)
		return 2;
	for (i = 0; i < count; i++) {
		fd = socket(ai->ai_family, SOCK_STREAM, 0);
		if (fd < 0)
			return 3;
		rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (rc != 0)
			rc = errno;
		close(fd);
	}
	printf("%s\n", rc == 0 ? "connected" : strerror(rc));
	freeaddrinfo(ai);
	return 0;
}
