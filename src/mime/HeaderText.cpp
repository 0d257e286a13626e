#include "mime/HeaderText.h"

#include <exception>
#include <vmime/vmime.hpp>

#include "mime/Charset.h"

namespace petrel::mime {

std::string_view boundHeaderValue(std::string_view raw, std::size_t maxBytes) {
    return raw.size() > maxBytes ? raw.substr(0, maxBytes) : raw;
}

std::string decodeHeaderText(std::string_view raw) {
    std::string_view bounded = boundHeaderValue(raw);
    // The common case (plain ASCII/UTF-8, one line, no encoded-words): one copy, no vmime.
    if (bounded.find("=?") == std::string_view::npos && bounded.find_first_of("\r\n") == std::string_view::npos &&
        isValidUtf8(bounded))
        return std::string(bounded);
    // Raw 8-bit header bytes (no encoded-words) are common in old or broken mail; decide their
    // charset before vmime sees them, since it would label them us-ascii.
    std::string input = isValidUtf8(bounded) ? std::string(bounded) : latin1ToUtf8(bounded);
    if (input.find("=?") == std::string::npos) {
        // Unfold without vmime: nothing to decode.
        std::string out;
        out.reserve(input.size());
        for (std::size_t i = 0; i < input.size(); ++i) {
            char c = input[i];
            if (c == '\r') continue;
            if (c == '\n') {
                if (!out.empty() && out.back() != ' ') out += ' ';
                while (i + 1 < input.size() && (input[i + 1] == ' ' || input[i + 1] == '\t')) ++i;
                continue;
            }
            out += c;
        }
        return out;
    }
    try {
        auto text = vmime::text::decodeAndUnfold(input);
        std::string out = text->getConvertedText(vmime::charsets::UTF_8);
        return isValidUtf8(out) ? out : latin1ToUtf8(out);
    } catch (const std::exception&) {
        // Not only vmime::exception: vmime 0.9.2's encoded-word parser throws std::out_of_range
        // on some malformed words (found by tests/fuzz/FuzzHeaderText.cpp).
        return input;
    }
}

}  // namespace petrel::mime
