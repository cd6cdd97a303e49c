/* usage.h — the words of `rightscan --help`; docs/rightscan.1 says the same at length. */
#ifndef RS_CLI_USAGE_H
#define RS_CLI_USAGE_H

#define RS_USAGE_MAIN                                                                     \
    "Usage: rightscan COMMAND [OPTIONS] [ARGS]\n"                                         \
    "\n"                                                                                  \
    "Finds rights notices, wire bylines, copyright lines, licences and rights metadata\n" \
    "in content (text, HTML, JSON, XML news formats, PDF, office documents, EPUB, RTF,\n" \
    "images, audio tags, archives), says who holds\n"                                   \
    "the rights and what reuse needs, and reports it.\n"                                  \
    "\n"                                                                                  \
    "Commands:\n"                                                                         \
    "  scan PATH...            scan files, directories and archives\n"                    \
    "  signatures list         list the loaded signatures\n"                              \
    "  signatures show ID      show one signature in full\n"                            \
    "  signatures test [DIR]   run every signature's examples\n"                          \
    "  signatures lint [DIR]   check signature files: schema, ids, regexes, anchors\n"   \
    "  signatures anchors      print the literal anchors the prefilter uses\n"           \
    "  report merge FILE...    join the JSON Lines reports of a sharded scan\n"          \
    "\n"                                                                                  \
    "Options:\n"                                                                          \
    "  -h, --help              show this help (or a command's: rightscan scan --help)\n"  \
    "  -V, --version           show the version\n"                                        \
    "\n"                                                                                  \
    "Exit status: 0 nothing needs a subscription or contract; 1 restricted content found;\n" \
    "2 usage or fatal error; 3 the scan was incomplete (a unit was skipped or failed).\n" \
    "When several apply: 2, then 3, then 1. See rightscan(1).\n"

#define RS_USAGE_SCAN                                                                     \
    "Usage: rightscan scan [OPTIONS] PATH...\n"                                           \
    "\n"                                                                                  \
    "Scans files, directories (recursively, in sorted order) and archives (nested, read\n" \
    "in memory). Every unit met is reported as scanned, skipped or failed.\n"             \
    "\n"                                                                                  \
    "Output:\n"                                                                           \
    "  -f, --format FORMAT     text (default), json or jsonl\n"                           \
    "  -o, --output FILE       write the report to FILE (atomically) instead of stdout\n" \
    "  -a, --all               also list units with no rights signal\n"                   \
    "      --color WHEN        colour the text report: auto (default), always, never\n"   \
    "  -q, --quiet             no progress on standard error\n"                           \
    "\n"                                                                                  \
    "Signatures:\n"                                                                       \
    "  -s, --signatures DIR    add a signature directory (repeatable; later ones\n"       \
    "                          override signatures of the same id)\n"                     \
    "      --no-builtin        do not load the built-in signatures\n"                     \
    "\n"                                                                                  \
    "Verdicts:\n"                                                                         \
    "      --policy FILE       judge units against the organisation's contracts (YAML);\n" \
    "                          then exit 1 means a violation, not any restricted unit\n" \
    "      --min-confidence X  drop findings less sure than X (0..1; default 0)\n"      \
    "      --verdict-confidence X  a verdict never rests on findings below X alone\n"  \
    "                          (0..1; default 0.5; such findings are still listed)\n"  \
    "      --as-of DATE        date for embargo and expiry (default: now), e.g.\n"       \
    "                          2026-12-01 or 2026-12-01T10:00:00Z\n"                    \
    "      --stats             print what the matcher did as JSON on standard error\n"   \
    "      --no-prefilter      run every signature over every byte (for benchmarks: the\n" \
    "                          same findings, far slower)\n"                             \
    "\n"                                                                                  \
    "Walking and reading:\n"                                                              \
    "  -j, --threads N         worker threads (default 0: one per core); the report is\n" \
    "                          the same for every N\n"                                   \
    "      --files-from FILE   also scan the paths listed in FILE, one a line (or NUL-\n" \
    "                          separated; - reads standard input)\n"                     \
    "      --shard K/N         scan only part K of N of the files (a stable hash of the\n" \
    "                          path), for one machine of N; see rightscan report merge\n" \
    "  -L, --follow            follow symbolic links (loops are detected and reported)\n" \
    "      --charset NAME      charset of undeclared 8-bit text (default WINDOWS-1252)\n" \
    "\n"                                                                                  \
    "Limits (SIZE takes K, M, G suffixes):\n"                                             \
    "      --max-depth N       archive nesting depth (default 8)\n"                       \
    "      --max-member-size SIZE  bytes of one archive member (default 64M)\n"          \
    "      --max-file-size SIZE    bytes of one file on disk (default 4G)\n"              \
    "      --max-total-size SIZE   bytes expanded from one input (default 1G)\n"          \
    "      --max-members N     members of one archive (default 100000)\n"                 \
    "      --max-ratio N       expansion ratio of one member (default 1000)\n"            \
    "      --timeout SECONDS   time budget of one unit (default 30; 0: none); a unit\n"  \
    "                          over it fails with \"timeout\" and the scan goes on\n"   \
    "\n"                                                                                  \
    "  -h, --help              show this help\n"                                          \
    "\n"                                                                                  \
    "Exit status: 0 nothing needs a subscription or contract; 1 restricted content found;\n" \
    "2 usage or fatal error; 3 the scan was incomplete (a unit was skipped or failed).\n"

#define RS_USAGE_SIGNATURES                                                               \
    "Usage: rightscan signatures list [--format text|json] [-s DIR]... [--no-builtin]\n"  \
    "       rightscan signatures show ID [-s DIR]... [--no-builtin]\n"                    \
    "       rightscan signatures test [-s DIR]... [--no-builtin] [DIR...]\n"              \
    "       rightscan signatures lint [-s DIR]... [--no-builtin] [DIR...]\n"              \
    "       rightscan signatures anchors [-s DIR]... [--no-builtin]\n"                    \
    "\n"                                                                                  \
    "list     prints each signature: id, class, holder, languages, counts.\n"            \
    "show     prints one signature: notices, patterns, bylines, credits, examples.\n"    \
    "test     runs the match / no_match examples of every signature and reports each\n"   \
    "         failure as FILE:LINE; exit 1 when one fails. DIRs given are tested alone.\n" \
    "lint     reports every problem of the files as FILE:LINE:COL (schema, duplicate\n"  \
    "         ids, regexes that do not compile, anchors too weak for the prefilter);\n" \
    "         exit 1 when there is one. DIRs given are linted alone.\n"                 \
    "anchors  prints the prefilter's literal anchors, one a line (for rg -F -f, yara).\n"

#endif
