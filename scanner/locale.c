/* locale.c — a UTF-8 locale for the calls that decode names.
 *
 * libarchive converts member names to the charset of the current locale, and rightscan runs
 * in the "C" locale, where a name that is not ASCII (UTF-8 in a zip or pax header, UTF-16 in
 * a rar) cannot be converted and comes back NULL. The archive walker and the document-part
 * reader therefore read headers under a thread-local C.UTF-8 locale (uselocale), and only
 * headers: everything else runs under the caller's locale.
 */
#include "internal.h"

#include <pthread.h>

static locale_t utf8_locale = (locale_t)0;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_init(void)
{
    static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", NULL};
    for (const char *const *n = names; *n && !utf8_locale; n++)
        utf8_locale = newlocale(LC_CTYPE_MASK, *n, (locale_t)0);
}

locale_t rs_utf8_names_begin(void)
{
    pthread_once(&utf8_once, utf8_init);
    return utf8_locale ? uselocale(utf8_locale) : (locale_t)0;
}

void rs_utf8_names_end(locale_t old)
{
    if (old) uselocale(old);
}
