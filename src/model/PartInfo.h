#pragma once
#include <cstdint>
#include <string>

namespace petrel::model {

// One leaf of a message's MIME tree. `section` is the IMAP section number ("1", "2.1");
// a single-part message has section "1".
struct PartInfo {
    std::string section;
    std::string mimeType;  // lowercase "type/subtype"
    std::string charset;
    std::string encoding;  // transfer encoding as sent
    std::string fileName;  // decoded (RFC 2231 / 2047), empty for body text
    std::string contentId;
    std::uint64_t size = 0;  // encoded size on the server
    bool attachment = false;  // Content-Disposition: attachment, or a named non-text part
    bool isInline = false;
};

}  // namespace petrel::model
