#ifndef C_PROCESS_SHIM_H
#define C_PROCESS_SHIM_H

#include <spawn.h>

/// Adds "close every descriptor from `lowest` up" to `actions` (glibc's posix_spawn_file_actions_addclosefrom_np,
/// declared only under _GNU_SOURCE). A spawned child then holds none of the parent's sockets and pipes. Returns 0 or
/// an errno value; ENOSYS where the C library lacks it.
int dcn_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
