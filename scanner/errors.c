/* errors.c — names of the engine's codes and enumerations; the only place words live. */
#include "rightscan.h"

#include <string.h>

const char *rs_strerror(rs_err e)
{
    switch (e) {
    case RS_OK: return "success";
    case RS_ERR_NOMEM: return "out of memory";
    case RS_ERR_IO: return "input/output error";
    case RS_ERR_ARG: return "invalid argument";
    case RS_ERR_SIGNATURE: return "invalid signature file";
    case RS_ERR_LIMIT: return "limit reached";
    case RS_ERR_CORRUPT: return "corrupt input";
    case RS_ERR_ENCRYPTED: return "encrypted";
    case RS_ERR_UNSUPPORTED: return "unsupported format";
    case RS_ERR_INTERRUPTED: return "interrupted";
    case RS_ERR_SINK: return "report could not be written";
    case RS_ERR_TIMEOUT: return "time budget exceeded";
    }
    return "unknown error";
}

static const char *const class_names[] = {"none", "open", "attribution", "restricted"};

const char *rs_class_name(rs_class c)
{
    return (unsigned)c < 4 ? class_names[c] : "none";
}

bool rs_class_parse(const char *name, rs_class *out)
{
    for (unsigned i = 0; i < 4; i++)
        if (strcmp(name, class_names[i]) == 0) {
            *out = (rs_class)i;
            return true;
        }
    return false;
}

const char *rs_status_name(rs_status s)
{
    switch (s) {
    case RS_STATUS_SCANNED: return "scanned";
    case RS_STATUS_SKIPPED: return "skipped";
    case RS_STATUS_FAILED: return "failed";
    }
    return "failed";
}

const char *rs_kind_name(rs_kind k)
{
    switch (k) {
    case RS_KIND_NOTICE: return "notice";
    case RS_KIND_BYLINE: return "byline";
    case RS_KIND_METADATA: return "metadata";
    case RS_KIND_LICENCE: return "licence";
    }
    return "notice";
}
