#ifndef DCN_VIPS_ENCODE_H
#define DCN_VIPS_ENCODE_H

#include "CVipsShim.h"
#include <vips/vips.h>

/// Encodes `image` as `format` (`DCN_VIPS_*`) with every piece of metadata stripped, into `out` with the size of one
/// frame. `quality` applies to JPEG, WebP and AVIF; `avif_effort` (0–9) trades AVIF encoding time for size.
/// Shared by the thumbnail and stripped-original paths; not part of the module's interface.
int dcn_vips_encode(VipsImage *image, int format, int quality, int avif_effort, dcn_vips_variant *out);

#endif
