/* test_pool_bounds.c — test_pool.c again, over a pool built with bounds of a few units: a
 * job may hold 4 KiB of units (about 15), the jobs behind the head 16 KiB together, 16 jobs
 * may be in flight, the ring starts at 2 slots and the head wakes the calling thread every
 * 2 units. Every wait of the pool (a job over its bound, the walk out of room, the head
 * waiting for the calling thread) then happens thousands of times, on a smaller tree: the
 * report must still be the single scanner's, byte for byte, and a sink error or an
 * interruption must still end the scan. pool.c is compiled into this test with these
 * bounds; the library's own pool.o is not linked in (nothing else refers to it). */
#define JOB_UNIT_BYTES ((size_t)4 << 10)
#define UNIT_BYTES ((size_t)16 << 10)
#define JOB_BYTES ((size_t)2 << 10)
#define MAX_INFLIGHT ((size_t)16)
#define MIN_RING 2
#define HEAD_BATCH 2
#define EMIT_BATCH 3
#include "pool.c"

#define ZIP_MEMBERS 1500
#define TAR_MEMBERS 800
#define SMALL_FILES 300
#define BIG_TEXT_MIB 2
#include "test_pool.c"
