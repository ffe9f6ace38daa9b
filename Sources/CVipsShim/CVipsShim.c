#include "CVipsShim.h"
#include <vips/vips.h>
#include "Encode.h"

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

void dcn_vips_harden(void) {
    vips_block_untrusted_set(TRUE);
    vips_concurrency_set(1);
}

int dcn_vips_thumbnail_save(const char *path, const char *load_options, int width, int height, int crop, int format,
                            int quality, dcn_vips_variant *out) {
    VipsImage *thumbnail = NULL;
    VipsInteresting interesting = crop == 2 ? VIPS_INTERESTING_ATTENTION
                                  : crop == 1 ? VIPS_INTERESTING_CENTRE
                                              : VIPS_INTERESTING_NONE;
    // The loader's options travel in the file name, as `path[options]`.
    char *name = g_strdup_printf("%s[%s]", path, load_options);
    int loaded = vips_thumbnail(name, &thumbnail, width, "height", height, "size", VIPS_SIZE_DOWN, "crop", interesting,
                                NULL);
    g_free(name);
    if (loaded != 0) return -1;
    // libvips' own default effort for AVIF thumbnails.
    int result = dcn_vips_encode(thumbnail, format, quality, 4, out);
    g_object_unref(thumbnail);
    return result;
}

void dcn_vips_free(void *data) { g_free(data); }

int dcn_vips_encode(VipsImage *image, int format, int quality, int avif_effort, dcn_vips_variant *out) {
    int result;
    switch (format) {
    case DCN_VIPS_JPEG:
        result = vips_jpegsave_buffer(image, &out->data, &out->length, "Q", quality, "strip", TRUE, "optimize_coding",
                                      TRUE, NULL);
        break;
    case DCN_VIPS_PNG:
        result = vips_pngsave_buffer(image, &out->data, &out->length, "compression", 6, "strip", TRUE, NULL);
        break;
    case DCN_VIPS_AVIF:
        result = vips_heifsave_buffer(image, &out->data, &out->length, "Q", quality, "compression",
                                      VIPS_FOREIGN_HEIF_COMPRESSION_AV1, "effort", avif_effort, "strip", TRUE, NULL);
        break;
    case DCN_VIPS_TIFF:
        result = vips_tiffsave_buffer(image, &out->data, &out->length, "compression",
                                      VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE, "strip", TRUE, NULL);
        break;
    default:
        result = vips_webpsave_buffer(image, &out->data, &out->length, "Q", quality, "strip", TRUE, NULL);
        break;
    }
    if (result == 0) {
        int page_height = vips_image_get_page_height(image);
        out->width = vips_image_get_width(image);
        out->height = page_height > 0 ? page_height : vips_image_get_height(image);
        out->frames = out->height > 0 ? vips_image_get_height(image) / out->height : 1;
    }
    return result;
}
