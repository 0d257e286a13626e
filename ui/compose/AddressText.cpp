#include "compose/AddressText.h"

namespace petrel::ui {

namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> splitAddresses(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    bool angle = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted && c == '\\' && i + 1 < text.size()) {
            current += c;
            current += text[++i];
            continue;
        }
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == '<') angle = true;
        else if (!quoted && c == '>') angle = false;
        if ((c == ',' || c == ';') && !quoted && !angle) {
            if (auto entry = trimmed(current); !entry.empty()) out.push_back(std::move(entry));
            current.clear();
            continue;
        }
        current += c;
    }
    if (auto entry = trimmed(current); !entry.empty()) out.push_back(std::move(entry));
    return out;
}

std::string joinAddresses(const std::vector<std::string>& addresses) {
    std::string out;
    for (const auto& address : addresses) {
        if (!out.empty()) out += ", ";
        out += address;
    }
    return out;
}

}  // namespace petrel::ui
