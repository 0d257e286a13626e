#include "mime/AddressList.h"

#include "model/Error.h"

namespace petrel::mime {
namespace {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
    return std::string(s.substr(b, e - b));
}

std::string unquote(const std::string& s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
        std::string out;
        for (std::size_t i = 1; i + 1 < s.size(); ++i) {
            if (s[i] == '\\' && i + 2 < s.size()) ++i;
            out += s[i];
        }
        return out;
    }
    return s;
}


}  // namespace

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool isValidAddress(std::string_view a) {
    const auto at = a.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return false;
    for (const char c : a) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) return false;
        if (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' || c == '\\' ||
            c == '[' || c == ']')
            return false;
    }
    const std::string_view domain = a.substr(at + 1);
    if (domain.find('@') != std::string_view::npos) return false;
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
        return false;
    const std::string_view local = a.substr(0, at);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return false;
    return true;
}

// Separators outside "..." and <...> only.
std::vector<std::string> splitAddressEntries(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    int angle = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted && c == '\\' && i + 1 < text.size()) {
            current += c;
            current += text[++i];
            continue;
        }
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '<') ++angle;
        if (!quoted && c == '>' && angle > 0) --angle;
        if (!quoted && angle == 0 && (c == ',' || c == ';')) {
            if (auto entry = trim(current); !entry.empty()) out.push_back(std::move(entry));
            current.clear();
            continue;
        }
        current += c;
    }
    if (auto entry = trim(current); !entry.empty()) out.push_back(std::move(entry));
    return out;
}

std::vector<Address> parseAddresses(std::string_view text, bool strict) {
    std::vector<Address> out;
    for (const auto& entry : splitAddressEntries(text)) {
        Address a;
        const auto open = entry.rfind('<');
        const auto close = entry.rfind('>');
        if (open != std::string::npos && close != std::string::npos && close > open) {
            a.name = unquote(trim(entry.substr(0, open)));
            a.address = trim(entry.substr(open + 1, close - open - 1));
        } else {
            // "addr (Comment)" as old mailers write it
            const auto paren = entry.find('(');
            a.address = trim(paren == std::string::npos ? entry : entry.substr(0, paren));
            if (paren != std::string::npos && entry.back() == ')')
                a.name = trim(entry.substr(paren + 1, entry.size() - paren - 2));
        }
        if (!isValidAddress(a.address)) {
            if (strict)
                throw model::Error(model::ErrorKind::Usage, "'" + entry + "' is not a valid e-mail address",
                                   "expected name@domain or Name <name@domain>");
            continue;
        }
        out.push_back(std::move(a));
    }
    return out;
}

std::string formatAddress(const Address& a) {
    if (a.name.empty()) return a.address;
    bool needsQuotes = false;
    for (const char c : a.name)
        if (std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos) needsQuotes = true;
    if (!needsQuotes) return a.name + " <" + a.address + ">";
    std::string q = "\"";
    for (const char c : a.name) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
    }
    return q + "\" <" + a.address + ">";
}

std::string domainOf(std::string_view address) {
    const auto at = address.rfind('@');
    if (at == std::string_view::npos) return {};
    return lowerAscii(address.substr(at + 1));
}

}  // namespace petrel::mime
