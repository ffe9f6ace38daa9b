#ifndef DCN_HTML_SHIM_H
#define DCN_HTML_SHIM_H

#include <stddef.h>

/// Called for each element of a parsed page, in document order: its lower-case name, its attributes as
/// NULL-terminated name/value pairs, and (for `title` only) its text content.
typedef void (*dcn_html_visitor)(void *context, const char *element, const char *const *attributes,
                                 const char *text);

/// Parses `length` bytes of HTML in `encoding` with libxml2's recovering HTML parser (no network, no errors
/// printed) and visits at most `max_elements` elements. Returns the number visited, or -1 when nothing parsed.
/// libxml2's headers stay behind this call: they pull in the system ICU, which clashes with Foundation's.
int dcn_html_scan(const char *bytes, size_t length, const char *encoding, int max_elements,
                  dcn_html_visitor visitor, void *context);

/// 1 when libxml2 (with iconv) can decode `encoding`.
int dcn_html_encoding_known(const char *encoding);

#endif
