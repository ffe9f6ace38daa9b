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
/// Output encodings (thumbnails use the first three; stripped originals all five).
enum { DCN_VIPS_WEBP = 0, DCN_VIPS_AVIF = 1, DCN_VIPS_JPEG = 2, DCN_VIPS_PNG = 3, DCN_VIPS_TIFF = 4 };

/// Shrinks the image file at `path` on load (`vips_thumbnail`: EXIF orientation applied, converted to sRGB) to fit
/// `width` × `height` (never enlarging); `crop` 0 fits inside the box, 1 fills it cut at the centre, 2 fills it cut
/// where the interest is. `load_options` is the loader's option string (`fail_on=error`, `n=-1` for every frame of an
/// animation; `path` must not end in `]`). Saves it as `format` at `quality` with every piece of metadata stripped. Returns 0, or -1 with the
/// reason in `dcn_vips_error_buffer()`.
int dcn_vips_thumbnail_save(const char *path, const char *load_options, int width, int height, int crop, int format,
                            int quality, dcn_vips_variant *out);

void dcn_vips_free(void *data);

/// What an image file's header says: the size of one frame, the frame count (1 for a still) and the bands.
typedef struct {
    int width;
    int height;
    int pages;
    int bands;
} dcn_vips_header;

/// Reads the header of the image at `path` with `load_options` (`n=-1` counts every frame). Returns 0 or -1.
int dcn_vips_header_read(const char *path, const char *load_options, dcn_vips_header *out);

/// Writes packed RGB24 `pixels` as a PNG at `path`, turned clockwise by `rotation` degrees (0, 90, 180, 270).
int dcn_vips_rgb_save_png(const void *pixels, int width, int height, int rotation, const char *path);

/// Saves `width` × `height` 8-bit pixels of `bands` bands (3: RGB, 4: RGBA) as a PNG at `path`.
int dcn_vips_pixels_save_png(const void *pixels, int width, int height, int bands, const char *path);

/// Re-encodes the image at `path` in `format` without any metadata: EXIF orientation applied to a still, an
/// embedded colour profile converted to sRGB first. Every frame loaded by `load_options` is kept.
int dcn_vips_strip_save(const char *path, const char *load_options, int format, int quality, dcn_vips_variant *out);

/// Shrinks the image at `path` to fit `max_side` × `max_side` as 8-bit sRGB with alpha, as raw RGBA bytes (for
/// placeholders such as ThumbHash). `out->data` is freed with `dcn_vips_free`.
int dcn_vips_thumbnail_rgba(const char *path, const char *load_options, int max_side, dcn_vips_variant *out);

#endif
