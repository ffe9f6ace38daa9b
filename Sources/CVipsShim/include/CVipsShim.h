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

#include <stddef.h>

/// Hardens libvips for untrusted input: blocks the loaders libvips marks untrusted (ImageMagick, PDF, SVG, …)
/// and runs each operation on one thread (parallelism comes from concurrent jobs).
void dcn_vips_harden(void);

/// One encoded variant: the bytes (free with `dcn_vips_free`), and the size of one frame.
typedef struct {
    void *data;
    size_t length;
    int width;
    int height;
    int frames;
} dcn_vips_variant;

/// Output encodings of `dcn_vips_thumbnail_save`.
enum { DCN_VIPS_WEBP = 0, DCN_VIPS_AVIF = 1, DCN_VIPS_JPEG = 2 };

/// Shrinks the image file at `path` on load (`vips_thumbnail`: EXIF orientation applied, converted to sRGB) to fit
/// `width` × `height` (never enlarging); `crop` 0 fits inside the box, 1 fills it cut at the centre, 2 fills it cut
/// where the interest is. `load_options` is the loader's option string (`fail_on=error`, `n=-1` for every frame of an
/// animation; `path` must not end in `]`). Saves it as `format` at `quality` with every piece of metadata stripped. Returns 0, or -1 with the
/// reason in `dcn_vips_error_buffer()`.
int dcn_vips_thumbnail_save(const char *path, const char *load_options, int width, int height, int crop, int format,
                            int quality, dcn_vips_variant *out);

void dcn_vips_free(void *data);

#endif
