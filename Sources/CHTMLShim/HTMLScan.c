#include "CHTMLShim.h"

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t dcn_html_once = PTHREAD_ONCE_INIT;

static void dcn_html_start(void) { xmlInitParser(); }

int dcn_html_encoding_known(const char *encoding) {
    pthread_once(&dcn_html_once, dcn_html_start);
    xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
    if (!handler) return 0;
    xmlCharEncCloseFunc(handler);
    return 1;
}

static void dcn_html_visit(xmlNodePtr node, dcn_html_visitor visitor, void *context) {
    enum { max_attributes = 32 };
    const char *pairs[2 * max_attributes + 1];
    xmlChar *values[max_attributes];
    int count = 0;
    for (xmlAttrPtr attribute = node->properties; attribute && count < max_attributes; attribute = attribute->next) {
        xmlChar *value = xmlNodeListGetString(node->doc, attribute->children, 1);
        values[count] = value;
        pairs[2 * count] = (const char *)attribute->name;
        pairs[2 * count + 1] = value ? (const char *)value : "";
        count++;
    }
    pairs[2 * count] = NULL;
    xmlChar *text = NULL;
    if (xmlStrcasecmp(node->name, BAD_CAST "title") == 0) text = xmlNodeGetContent(node);
    visitor(context, (const char *)node->name, pairs, (const char *)text);
    if (text) xmlFree(text);
    for (int index = 0; index < count; index++) {
        if (values[index]) xmlFree(values[index]);
    }
}

int dcn_html_scan(const char *bytes, size_t length, const char *encoding, int max_elements,
                  dcn_html_visitor visitor, void *context) {
    pthread_once(&dcn_html_once, dcn_html_start);
    if (length > 0x7fffffff) length = 0x7fffffff;
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                  HTML_PARSE_COMPACT;
    htmlDocPtr document = htmlReadMemory(bytes, (int)length, NULL, encoding, options);
    if (!document) return -1;
    xmlNodePtr node = xmlDocGetRootElement(document);
    int visited = 0;
    // Depth-first without recursion: broken pages nest deeply.
    while (node && visited < max_elements) {
        if (node->type == XML_ELEMENT_NODE) {
            dcn_html_visit(node, visitor, context);
            visited++;
        }
        if (node->children && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node && !node->next) {
            node = node->parent;
            if (node && node->type == XML_DOCUMENT_NODE) node = NULL;
            if (node && node->type == XML_HTML_DOCUMENT_NODE) node = NULL;
        }
        if (node) node = node->next;
    }
    xmlFreeDoc(document);
    return visited;
}
