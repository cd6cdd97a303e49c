/* main.c — the rightscan command: parses options, picks the report, sets the exit code.
 *
 * No scanning logic lives here: the engine scans, reports/ writes, this file connects
 * them and turns error codes into words on standard error.
 */
#include "cli.h"
#include "usage.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rightscan: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rightscan: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'rightscan %s--help' for more information.\n", cmd);
    return RS_EXIT_ERROR;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The built-in signatures: $RIGHTSCAN_SIGNATURES, else beside an installed binary
 * (../share/rightscan/signatures), else the source tree of a build tree, else the
 * configured install directory. */
const char *cli_builtin_signatures(void)
{
    static char buf[PATH_MAX + 64];
    const char *env = getenv("RIGHTSCAN_SIGNATURES");
    if (env && *env) return env;
    ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX);
    if (n > 0) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            strcpy(slash, "/../share/rightscan/signatures");
            if (is_dir(buf)) return buf;
        }
    }
    if (is_dir(RS_SIGNATURES_SOURCE_DIR)) return RS_SIGNATURES_SOURCE_DIR;
    return RS_SIGNATURES_INSTALL_DIR;
}

int cli_add_sigdir(cli_sigdirs *d, const char *dir)
{
    if (d->n == sizeof d->dirs / sizeof d->dirs[0]) {
        cli_error("too many signature directories (at most %zu)",
                  sizeof d->dirs / sizeof d->dirs[0]);
        return -1;
    }
    d->dirs[d->n++] = dir;
    return 0;
}

int cli_load_signatures(const cli_sigdirs *d, bool builtin, rs_sigdb **db)
{
    const char *dirs[CLI_MAX_SIGDIRS + 1];
    size_t n = 0;
    if (builtin) dirs[n++] = cli_builtin_signatures();
    for (size_t i = 0; i < d->n; i++)
        dirs[n++] = d->dirs[i];
    if (n == 0) {
        cli_error("no signatures: --no-builtin needs at least one --signatures DIR");
        return RS_EXIT_ERROR;
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int rc = stat(dirs[i], &st);
        if (rc != 0 || !S_ISDIR(st.st_mode)) {
            cli_error("signature directory %s: %s", dirs[i],
                      rc != 0 ? strerror(errno) : "not a directory");
            return RS_EXIT_ERROR;
        }
    }
    char err[1024] = "";
    rs_err e = rs_sigdb_load(dirs, n, db, err, sizeof err);
    if (e) {
        cli_error("%s", err[0] ? err : rs_strerror(e));
        cli_error("the signatures could not be loaded; fix the file named above "
                  "(rightscan signatures test checks a directory)");
        return RS_EXIT_ERROR;
    }
    return 0;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is a write error, reported with exit 2 */
    /* Workers reuse their buffers; one malloc arena per thread would reserve 64 MiB of
     * address space each for little gain. */
    mallopt(M_ARENA_MAX, 2);
    if (argc < 2) {
        fputs(RS_USAGE_MAIN, stderr);
        return RS_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        if (argc > 2 && !strcmp(cmd, "help")) {
            if (!strcmp(argv[2], "scan")) return fputs(RS_USAGE_SCAN, stdout), 0;
            if (!strcmp(argv[2], "signatures")) return fputs(RS_USAGE_SIGNATURES, stdout), 0;
        }
        fputs(RS_USAGE_MAIN, stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("rightscan %s (report format %d)\n", RS_VERSION, RS_REPORT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "scan")) return cli_scan(argc - 1, argv + 1);
    if (!strcmp(cmd, "signatures")) return cli_signatures(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return cli_report(argc - 1, argv + 1);
    return cli_usage_error("", "unknown command '%s'", cmd);
}
