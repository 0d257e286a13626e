// libFuzzer target: raw message bytes → mime::parseMessage (summary, part tree, text), the
// header-only browse path and extraction of every part the tree reports (DESIGN §4: hostile mail).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "mime/MessageParser.h"

namespace {

void checkUtf8(const std::string& s);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace petrel::mime;
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    // Tight limits as well as the defaults: the bounds themselves are code paths worth fuzzing.
    ParseLimits tight;
    tight.maxHeaderBytes = 512;
    tight.maxFieldBytes = 128;
    tight.maxDepth = 3;
    tight.maxParts = 8;
    for (const ParseLimits& limits : {ParseLimits{}, tight}) {
        const bool truncated = size > 0 && (data[0] & 1);
        ParsedMessage m = parseMessage(raw, 256, truncated, limits);
        checkUtf8(m.text);
        for (const std::string* f : {&m.summary.subject, &m.summary.from, &m.summary.to, &m.summary.cc,
                                     &m.summary.messageId, &m.summary.inReplyTo, &m.summary.references,
                                     &m.summary.bodyStructure})
            checkUtf8(*f);
        if (m.text.size() > 256) __builtin_trap();
        // The stored structure must read back as the same parts.
        if (parseParts(m.summary.bodyStructure).size() != m.parts.size()) __builtin_trap();
        for (const auto& part : m.parts) {
            for (const std::string* f : {&part.section, &part.mimeType, &part.charset, &part.encoding,
                                         &part.fileName, &part.contentId})
                checkUtf8(*f);
            auto decoded = extractPart(raw, part.section, true, limits);
            auto plain = extractPart(raw, part.section, false, limits);
            // Every part the tree lists can be extracted again from the same bytes.
            if (!decoded || !plain) __builtin_trap();
        }
        const auto browse = parseHeaderSummary(raw, limits);
        for (const std::string* f : {&browse.subject, &browse.from, &browse.to, &browse.cc, &browse.messageId})
            checkUtf8(*f);
    }
    return 0;
}

namespace {

// The text and header fields reach SQLite and the GUI as UTF-8: anything else is a bug.
void checkUtf8(const std::string& s) {
    if (!petrel::mime::isValidUtf8(s)) __builtin_trap();
}

}  // namespace
