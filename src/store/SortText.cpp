#include "store/SortText.h"

#include <array>

namespace petrel::store::sorttext {

namespace {

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

std::string lowered(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += lowerAscii(c);
    return out;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lowerAscii(s[i]) != prefix[i]) return false;
    return true;
}

}  // namespace

std::string fromKey(std::string_view from) {
    std::string_view s = trim(from);
    // Only the first mailbox of a list matters for sorting.
    std::string_view name = s;
    auto lt = s.find('<');
    if (lt != std::string_view::npos) {
        name = trim(s.substr(0, lt));
        if (name.empty() || name == "\"\"") {
            auto gt = s.find('>', lt);
            name = s.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
        }
    }
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c == '"' || c == '\'' || (out.empty() && (isSpace(c) || c == '<'))) continue;
        out += lowerAscii(c);
    }
    return std::string(trim(out));
}

std::string subjectKey(std::string_view subject) {
    static constexpr std::array<std::string_view, 9> prefixes = {"re", "fwd", "fw", "aw", "wg", "sv", "vs", "tr",
                                                                 "antw"};
    std::string_view s = trim(subject);
    bool stripped = true;
    while (stripped && !s.empty()) {
        stripped = false;
        if (s.front() == '[') {
            // A mailing-list tag: "[list] subject". Keep it when nothing follows.
            auto close = s.find(']');
            if (close != std::string_view::npos && !trim(s.substr(close + 1)).empty()) {
                s = trim(s.substr(close + 1));
                stripped = true;
                continue;
            }
        }
        for (std::string_view p : prefixes) {
            if (!startsWithNoCase(s, p)) continue;
            std::string_view rest = s.substr(p.size());
            // "Re[2]:" and "Re:" but not "Rebase:" or "Rent".
            if (!rest.empty() && rest.front() == '[') {
                auto close = rest.find(']');
                if (close == std::string_view::npos) continue;
                rest = rest.substr(close + 1);
            }
            if (rest.empty() || rest.front() != ':') continue;
            s = trim(rest.substr(1));
            stripped = true;
            break;
        }
    }
    return lowered(s);
}

}  // namespace petrel::store::sorttext
