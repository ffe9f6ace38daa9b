#include "CVipsShim.h"
#include <vips/vips.h>
#include "Encode.h"

/// Opens `path` with the loader options in the file name (`path[options]`).
static VipsImage *dcn_open(const char *path, const char *load_options) {
    char *name = g_strdup_printf("%s[%s]", path, load_options);
    VipsImage *image = vips_image_new_from_file(name, NULL);
    g_free(name);
    return image;
}

int dcn_vips_header_read(const char *path, const char *load_options, dcn_vips_header *out) {
    VipsImage *image = dcn_open(path, load_options);
    if (!image) return -1;
    int page_height = vips_image_get_page_height(image);
    out->width = vips_image_get_width(image);
    out->height = page_height > 0 ? page_height : vips_image_get_height(image);
    out->pages = vips_image_get_n_pages(image);
    out->bands = vips_image_get_bands(image);
    g_object_unref(image);
    return 0;
}

int dcn_vips_rgb_save_png(const void *pixels, int width, int height, int rotation, const char *path) {
    VipsImage *image = vips_image_new_from_memory(pixels, (size_t)width * height * 3, width, height, 3,
                                                  VIPS_FORMAT_UCHAR);
    if (!image) return -1;
    VipsImage *turned = NULL;
    int result = 0;
    switch (rotation) {
    case 90: result = vips_rot(image, &turned, VIPS_ANGLE_D90, NULL); break;
    case 180: result = vips_rot(image, &turned, VIPS_ANGLE_D180, NULL); break;
    case 270: result = vips_rot(image, &turned, VIPS_ANGLE_D270, NULL); break;
    default: turned = image; g_object_ref(turned); break;
    }
    g_object_unref(image);
    if (result != 0) return -1;
    result = vips_pngsave(turned, path, "compression", 1, "strip", TRUE, NULL);
    g_object_unref(turned);
    return result;
}

int dcn_vips_pixels_save_png(const void *pixels, int width, int height, int bands, const char *path) {
    VipsImage *image = vips_image_new_from_memory(pixels, (size_t)width * height * bands, width, height, bands,
                                                  VIPS_FORMAT_UCHAR);
    if (!image) return -1;
    int result = vips_pngsave(image, path, "compression", 1, "strip", TRUE, NULL);
    g_object_unref(image);
    return result;
}

/// Brings an image with an embedded colour profile into sRGB (16-bit images stay 16-bit), so stripping the profile
/// keeps its colours; others are returned as they are (with a new reference).
static int dcn_to_srgb(VipsImage *in, VipsImage **out) {
    if (!vips_image_get_typeof(in, VIPS_META_ICC_NAME)) {
        *out = in;
        g_object_ref(in);
        return 0;
    }
    int depth = vips_image_get_format(in) == VIPS_FORMAT_USHORT ? 16 : 8;
    return vips_icc_transform(in, out, "srgb", "embedded", TRUE, "depth", depth, NULL);
}

int dcn_vips_strip_save(const char *path, const char *load_options, int format, int quality, dcn_vips_variant *out) {
    VipsImage *image = dcn_open(path, load_options);
    if (!image) return -1;
    VipsImage *upright = NULL;
    int result = 0;
    if (vips_image_get_page_height(image) < vips_image_get_height(image)) {
        // An animation has no orientation to apply; keep every frame as it is.
        upright = image;
        g_object_ref(image);
    } else {
        result = vips_autorot(image, &upright, NULL);
    }
    g_object_unref(image);
    if (result != 0) return -1;
    VipsImage *srgb = NULL;
    result = dcn_to_srgb(upright, &srgb);
    g_object_unref(upright);
    if (result != 0) return -1;
    // A low AVIF effort: a whole photograph is encoded, not a thumbnail.
    result = dcn_vips_encode(srgb, format, quality, 2, out);
    g_object_unref(srgb);
    return result;
}

int dcn_vips_thumbnail_rgba(const char *path, const char *load_options, int max_side, dcn_vips_variant *out) {
    VipsImage *thumbnail = NULL;
    char *name = g_strdup_printf("%s[%s]", path, load_options);
    int result = vips_thumbnail(name, &thumbnail, max_side, "height", max_side, "size", VIPS_SIZE_DOWN, NULL);
    g_free(name);
    if (result != 0) return -1;
    // Eight-bit sRGB with alpha: drop extra bands, add an opaque alpha when there is none.
    VipsImage *steps[4] = {NULL, NULL, NULL, NULL};
    result = vips_colourspace(thumbnail, &steps[0], VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(thumbnail);
    if (result == 0) result = vips_cast_uchar(steps[0], &steps[1], NULL);
    if (result == 0) {
        int bands = vips_image_get_bands(steps[1]);
        if (bands >= 4) {
            result = vips_extract_band(steps[1], &steps[2], 0, "n", 4, NULL);
        } else {
            VipsImage *rgb = NULL;
            result = vips_extract_band(steps[1], &rgb, 0, "n", 3, NULL);
            if (result == 0) {
                result = vips_bandjoin_const1(rgb, &steps[2], 255.0, NULL);
                g_object_unref(rgb);
            }
        }
    }
    if (result == 0) {
        out->width = vips_image_get_width(steps[2]);
        out->height = vips_image_get_height(steps[2]);
        out->frames = 1;
        out->data = vips_image_write_to_memory(steps[2], &out->length);
        if (!out->data) result = -1;
    }
    for (int i = 0; i < 4; i++)
        if (steps[i]) g_object_unref(steps[i]);
    return result;
}
