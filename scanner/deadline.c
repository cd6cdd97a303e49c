/* deadline.c — the clock behind per-unit time budgets. */
#include "internal.h"

#include <time.h>

int64_t rs_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
