#include "CVipsShim.h"
#include <vips/vips.h>

int dcn_vips_start(const char *program_name) {
    if (VIPS_INIT(program_name) != 0) {
        return -1;
    }
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    return 0;
}

const char *dcn_vips_version_string(void) { return vips_version_string(); }

int dcn_vips_version(int part) { return vips_version(part); }

const char *dcn_vips_error_buffer(void) { return vips_error_buffer(); }

void dcn_vips_error_clear(void) { vips_error_clear(); }
