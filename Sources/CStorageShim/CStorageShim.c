#include "CStorageShim.h"

#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int dcn_storage_set_mmap_threshold(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}

int dcn_storage_set_arena_max(int count) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}
