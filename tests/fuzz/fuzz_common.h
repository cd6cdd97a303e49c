/* fuzz_common.h — what the libFuzzer targets share: tight limits, the contract checks that
 * turn a broken engine promise into a crash the fuzzer keeps, and the signatures.
 *
 * Every target defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput. Built with clang
 * -fsanitize=fuzzer they are fuzzers; linked with replay.c by any compiler they replay
 * files (tests/fuzz/regressions/<target>/, the seed corpora) as a normal test.
 *
 * A check that fails prints "rs-fuzz: contract broken: ..." and aborts. Checks that are
 * about the quality of reasons and exactness rather than memory safety run only when the
 * environment has RS_FUZZ_STRICT=1 (see rs_fuzz_strict): every error has a specific
 * reason, a signature error starts with its file, offsets lie strictly inside the unit,
 * the fold is idempotent.
 */
#ifndef RS_FUZZ_COMMON_H
#define RS_FUZZ_COMMON_H

#include "internal.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when cond is false. */
#define RS_FUZZ_CHECK(cond, ...)                                                          \
    do {                                                                                  \
        if (!(cond)) rs_fuzz_fail(__FILE__, __LINE__, __VA_ARGS__);                       \
    } while (0)

_Noreturn void rs_fuzz_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when RS_FUZZ_STRICT=1: the stricter checks listed above. */
bool rs_fuzz_strict(void);

/* The documented defaults made tight, so one input costs milliseconds and megabytes:
 * depth 4, 1 MiB a member, 4 MiB expanded, 256 members, ratio 200. */
void rs_fuzz_options(rs_options *o);

/* The built-in signatures (RIGHTSCAN_SIGNATURES, else the source tree's), loaded once;
 * aborts when they do not load. */
const rs_sigdb *rs_fuzz_sigdb(void);

/* A private temporary directory holding one file named name (removed at exit); the path
 * of that file. For targets whose input is a file on disk (signatures, policies). */
const char *rs_fuzz_tmpfile(const char *prefix, const char *name);
/* Writes data[0..size) as the whole content of that file. */
void rs_fuzz_write(const char *path, const uint8_t *data, size_t size);

/* Checks what an extractor left in fs (and sub) for a unit of len bytes: every field's
 * text is valid UTF-8, NUL-terminated, within the field cap, and maps to offsets inside the
 * unit; every embedded unit has a name and bytes. */
void rs_fuzz_check_fields(const rs_fields *fs, const rs_subunits *sub, size_t len);
/* The same for a unit of type type (documents read as parts, like DOCX and PDF, give
 * offsets in their parts and are exempt from the offset check). */
void rs_fuzz_check_fields_of(const rs_fields *fs, const rs_subunits *sub, size_t len,
                             rs_type type);

/* Checks one unit handed to a sink against rightscan.h's contract. */
void rs_fuzz_check_unit(const rs_unit *u);

#endif
