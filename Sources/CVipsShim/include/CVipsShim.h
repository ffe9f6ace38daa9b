#ifndef DCN_VIPS_SHIM_H
#define DCN_VIPS_SHIM_H

/// Starts libvips once for the process, with its operation cache off (a server decodes each input once).
/// Returns 0 on success, -1 with the reason in `dcn_vips_error_buffer()`.
int dcn_vips_start(const char *program_name);

/// The libvips version as "major.minor.micro" (the `vips_version_string` of the linked library).
const char *dcn_vips_version_string(void);

/// One part of the linked library's version: 0 major, 1 minor, 2 micro.
int dcn_vips_version(int part);

/// The text of libvips' last error, cleared by `dcn_vips_error_clear()`.
const char *dcn_vips_error_buffer(void);
void dcn_vips_error_clear(void);

#endif
