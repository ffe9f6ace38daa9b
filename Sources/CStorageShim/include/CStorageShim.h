#ifndef C_STORAGE_SHIM_H
#define C_STORAGE_SHIM_H

/// Fixes glibc's mmap threshold at `bytes` (mallopt(M_MMAP_THRESHOLD)), so larger blocks are mapped and returned to
/// the system when freed. Returns 1 on success, 0 where it is not supported.
int dcn_storage_set_mmap_threshold(int bytes);

/// Caps glibc's malloc arenas at `count` (mallopt(M_ARENA_MAX)). Returns 1 on success, 0 where it is not supported.
int dcn_storage_set_arena_max(int count);

#endif
