/* Drops to uid 65534 keeping 0 as the saved uid, then takes euid 0 back: a raise to root
 * through setresuid(2) that needs no setuid exec (which no_new_privs forbids). Prints the
 * effective uid it ends with. Used by SecurityPrivilegeAndFloodTest. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void) {
    if (setresuid(65534, 65534, 0) != 0) {
        perror("setresuid(65534, 65534, 0)");
        return 2;
    }
    if (setresuid(-1, 0, -1) != 0) {
        perror("setresuid(-1, 0, -1)");
        return 3;
    }
    printf("%d\n", (int) geteuid());
    return 0;
}
