/* fuzz_extract.c — fuzzes the extractors: the input is one unit handed straight to
 * rs_extract_<fn>, and what the extractor leaves is checked (fuzz_common.c).
 *
 * Built two ways. With RS_FUZZ_TYPE defined (e.g. RS_TYPE_JPEG) it is the dedicated target
 * for that type's extractor; CMake makes one per extractor named in the RS_EXTRACTORS list
 * of scanner/extract.h. Without them it is the generic target: the
 * first byte picks an entry of that same list (modulo its length) and the rest is the unit,
 * so a format added to the list is fuzzed without touching this file.
 */
#include "extract.h"
#include "fuzz_common.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    rs_type type;
    rs_extract_fn fn;
    const char *type_name;
} entry;

static const entry ENTRIES[] = {
#define RS_X(type, fn) {RS_TYPE_##type, rs_extract_##fn, #type},
    RS_EXTRACTORS(RS_X)
#undef RS_X
};
#define NENTRIES (sizeof ENTRIES / sizeof ENTRIES[0])

static rs_options opt;
static char names[NENTRIES][32]; /* "fuzz.jpeg": extension hints as a file would give */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rs_fuzz_options(&opt);
    for (size_t i = 0; i < NENTRIES; i++) {
        snprintf(names[i], sizeof names[i], "fuzz.%s", ENTRIES[i].type_name);
        for (char *p = names[i]; *p; p++) *p = (char)tolower((unsigned char)*p);
    }
    return 0;
}

static void run(size_t which, const uint8_t *data, size_t size)
{
    const entry *en = &ENTRIES[which];
    rs_fields fs;
    rs_subunits sub;
    rs_fields_init(&fs, opt.limits.max_member_bytes * 4 + 1024);
    rs_subunits_init(&sub, opt.limits.max_member_bytes);
    rs_extract_ctx cx = {.data = data, .len = size, .name = names[which], .type = en->type,
                         .opt = &opt, .out = &fs, .sub = &sub, .enc = RS_ENC_UTF8};
    rs_err e = en->fn(&cx);
    RS_FUZZ_CHECK(memchr(cx.reason, '\0', sizeof cx.reason), "reason not terminated");
    RS_FUZZ_CHECK(cx.enc <= RS_ENC_UTF32BE, "bad encoding %d", (int)cx.enc);
    RS_FUZZ_CHECK(e <= RS_ERR_SINK, "bad error code %d", (int)e);
    RS_FUZZ_CHECK(e != RS_ERR_NOMEM, "%s: out of memory on a %zu-byte unit", en->type_name,
                  size);
    if (e && rs_fuzz_strict())
        RS_FUZZ_CHECK(cx.reason[0], "%s: error '%s' without a specific reason", en->type_name,
                      rs_strerror(e));
    rs_fuzz_check_fields_of(&fs, &sub, size, en->type);
    rs_fields_free(&fs);
    rs_subunits_free(&sub);
}

#ifdef RS_FUZZ_TYPE

static size_t index_of(rs_type t)
{
    for (size_t i = 0; i < NENTRIES; i++)
        if (ENTRIES[i].type == t) return i;
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static size_t which = SIZE_MAX;
    if (which == SIZE_MAX) which = index_of(RS_FUZZ_TYPE);
    run(which, data, size);
    return 0;
}

#else

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    run(data[0] % NENTRIES, data + 1, size - 1);
    return 0;
}

#endif
