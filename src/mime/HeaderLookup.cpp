#include "mime/HeaderLookup.h"

#include "mime/AddressList.h"
#include "mime/HeaderText.h"

namespace petrel::mime {

std::string headerFieldValue(std::string_view raw, std::string_view name) {
    std::size_t end = raw.find("\r\n\r\n");
    if (end == std::string_view::npos) end = raw.find("\n\n");
    const std::string_view head = raw.substr(0, end);
    const std::string wanted = lowerAscii(name);
    std::string value;
    bool inField = false;
    bool found = false;
    std::size_t start = 0;
    while (start < head.size()) {
        auto eol = head.find('\n', start);
        if (eol == std::string_view::npos) eol = head.size();
        std::string_view line = head.substr(start, eol - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            if (inField) value += " " + std::string(line.substr(1));
        } else {
            inField = false;
            const auto colon = line.find(':');
            if (!found && colon != std::string_view::npos && lowerAscii(line.substr(0, colon)) == wanted) {
                inField = found = true;
                value = std::string(line.substr(colon + 1));
            }
        }
        start = eol + 1;
    }
    return decodeHeaderText(boundHeaderValue(value));
}

}  // namespace petrel::mime
