#include "mime/Charset.h"

#include <cctype>
#include <cstdint>
#include <exception>
#include <vmime/vmime.hpp>

namespace petrel::mime {

bool isValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        std::uint32_t cp = c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kSmallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::string ensureUtf8(std::string_view bytes) {
    return isValidUtf8(bytes) ? std::string(bytes) : latin1ToUtf8(bytes);
}

std::string latin1ToUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char ch : bytes) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::string toUtf8(std::string_view bytes, std::string_view charsetName) {
    std::string name;
    for (char c : charsetName) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii") {
        return isValidUtf8(bytes) ? std::string(bytes) : latin1ToUtf8(bytes);
    }
    try {
        std::string out;
        vmime::charsetConverterOptions options;
        options.invalidSequence = "\xEF\xBF\xBD";  // U+FFFD
        vmime::charset::convert(std::string(bytes), out, vmime::charset(name), vmime::charsets::UTF_8, options);
        return ensureUtf8(out);
    } catch (const std::exception&) {
        // Unknown charset name: the best guess is what the bytes look like.
        return isValidUtf8(bytes) ? std::string(bytes) : latin1ToUtf8(bytes);
    }
}

}  // namespace petrel::mime
