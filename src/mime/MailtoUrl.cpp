#include "mime/MailtoUrl.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "model/Error.h"

namespace petrel::mime {

namespace {

using model::Error;
using model::ErrorKind;

constexpr std::string_view kScheme = "mailto:";

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool validUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= s.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

// RFC 6068 §2: '+' is a plus, not a space (unlike form encoding).
std::string percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
        const int low = high >= 0 ? hexValue(text[i + 2]) : -1;
        if (high < 0 || low < 0)
            throw Error(ErrorKind::Usage, "The mailto: link has a broken percent escape: " + std::string(text));
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    if (!validUtf8(out)) throw Error(ErrorKind::Usage, "The mailto: link is not UTF-8 text once decoded");
    return out;
}

std::string trim(std::string s) {
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

// Commas separate addresses in the raw text; a comma inside an address arrives as %2C and is
// kept, so the split happens before decoding.
void appendAddresses(std::string_view raw, std::vector<std::string>& into) {
    std::size_t start = 0;
    while (start <= raw.size()) {
        const std::size_t comma = std::min(raw.find(',', start), raw.size());
        std::string address = trim(percentDecode(raw.substr(start, comma - start)));
        if (!address.empty()) into.push_back(std::move(address));
        start = comma + 1;
    }
}

// Line ends of any kind become '\n' (the compose window's convention).
std::string normaliseLineEnds(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

bool MailtoUrl::isMailto(std::string_view text) {
    if (text.size() < kScheme.size()) return false;
    return lower(std::string(text.substr(0, kScheme.size()))) == kScheme;
}

MailtoUrl MailtoUrl::parse(std::string_view url) {
    if (!isMailto(url)) throw Error(ErrorKind::Usage, "Not a mailto: link: " + std::string(url));
    MailtoUrl result;
    std::string_view rest = url.substr(kScheme.size());
    // A fragment has no meaning for mailto: (RFC 6068 §2 defines none).
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    const auto question = rest.find('?');
    appendAddresses(rest.substr(0, question), result.to);
    if (question == std::string_view::npos) return result;

    std::string_view query = rest.substr(question + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t amp = std::min(query.find('&', start), query.size());
        const std::string_view field = query.substr(start, amp - start);
        start = amp + 1;
        const auto equals = field.find('=');
        if (field.empty() || equals == std::string_view::npos) continue;
        const std::string name = lower(percentDecode(field.substr(0, equals)));
        const std::string_view value = field.substr(equals + 1);
        if (name == "to") {
            appendAddresses(value, result.to);
        } else if (name == "cc") {
            appendAddresses(value, result.cc);
        } else if (name == "bcc") {
            appendAddresses(value, result.bcc);
        } else if (name == "subject") {
            result.subject = normaliseLineEnds(percentDecode(value));
            std::replace(result.subject.begin(), result.subject.end(), '\n', ' ');
        } else if (name == "body") {
            result.body = normaliseLineEnds(percentDecode(value));
        } else if (name == "in-reply-to") {
            result.inReplyTo = trim(percentDecode(value));
        }
    }
    return result;
}

}  // namespace petrel::mime
