/* cli.h — what the command's files share: exit codes, messages, signature loading. */
#ifndef RS_CLI_H
#define RS_CLI_H

#include "report.h"
#include "rightscan.h"

#include <stdarg.h>
#include <stdbool.h>

enum {
    RS_EXIT_CLEAN = 0,      /* nothing needs a subscription or contract */
    RS_EXIT_RESTRICTED = 1, /* restricted content was found */
    RS_EXIT_ERROR = 2,      /* usage or fatal error */
    RS_EXIT_INCOMPLETE = 3, /* a unit was skipped or failed */
};

#define CLI_MAX_SIGDIRS 64

typedef struct cli_sigdirs {
    const char *dirs[CLI_MAX_SIGDIRS];
    size_t n;
} cli_sigdirs;

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "rightscan: message" and a hint to --help for cmd ("scan " or ""); returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *cli_builtin_signatures(void);
int cli_add_sigdir(cli_sigdirs *d, const char *dir);
/* Loads the built-in set (unless !builtin) then d's directories; 0 or an exit code. */
int cli_load_signatures(const cli_sigdirs *d, bool builtin, rs_sigdb **db);

int cli_scan(int argc, char **argv);
int cli_signatures(int argc, char **argv);
int cli_report(int argc, char **argv);

#endif
