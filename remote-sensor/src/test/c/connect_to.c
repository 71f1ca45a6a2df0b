/*
 * One TCP connect to ADDRESS (an IPv4 or IPv6 literal) and PORT; prints what came of it
 * ("connected" or the error). Exits 0 either way: a refused connect was still attempted.
 * Used by SecurityCollectorTest for outbound-connect events.
 *   connect_to ADDRESS PORT
 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct addrinfo hints, *ai;
	int fd, rc;

	if (argc != 3)
		return 2;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0)
		return 2;
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0)
		return 3;
	rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
	printf("%s\n", rc == 0 ? "connected" : strerror(errno));
	close(fd);
	freeaddrinfo(ai);
	return 0;
}
