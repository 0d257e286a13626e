#include "net/ImapValue.h"

#include <cctype>

namespace petrel::net {

namespace {
const std::string kEmpty;
const ImapValue kNil;
}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

std::string toUpperAscii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

const std::string& ImapValue::str() const {
    return kind == Kind::Atom || kind == Kind::String ? text : kEmpty;
}

std::uint64_t ImapValue::number() const {
    if (kind != Kind::Atom && kind != Kind::String) return 0;
    std::uint64_t n = 0;
    if (text.empty()) return 0;
    for (char c : text) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

const ImapValue* ImapValue::get(std::string_view key) const {
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        if (items[i].kind == Kind::Atom && equalsIgnoreCase(items[i].text, key)) return &items[i + 1];
    }
    return nullptr;
}

const ImapValue& ImapValue::operator[](std::size_t i) const {
    return i < items.size() ? items[i] : kNil;
}

}  // namespace petrel::net
