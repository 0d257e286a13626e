#include "mime/BodyStructure.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "mime/Charset.h"
#include "mime/HeaderText.h"

namespace petrel::mime {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 &&
            hexValue(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

}  // namespace

std::string serializeParts(const std::vector<model::PartInfo>& parts) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& p : parts) {
        nlohmann::json j = {{"s", p.section}, {"t", p.mimeType}, {"z", p.size}};
        if (!p.charset.empty()) j["c"] = p.charset;
        if (!p.encoding.empty()) j["e"] = p.encoding;
        if (!p.fileName.empty()) j["n"] = p.fileName;
        if (!p.contentId.empty()) j["i"] = p.contentId;
        if (p.attachment) j["a"] = true;
        if (p.isInline) j["l"] = true;
        a.push_back(std::move(j));
    }
    return a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<model::PartInfo> parseParts(const std::string& text) {
    std::vector<model::PartInfo> out;
    if (text.empty()) return out;
    auto a = nlohmann::json::parse(text, nullptr, false);
    if (!a.is_array()) return out;
    for (const auto& j : a) {
        if (!j.is_object()) continue;
        model::PartInfo p;
        p.section = j.value("s", "");
        p.mimeType = j.value("t", "");
        p.size = j.value("z", std::uint64_t{0});
        p.charset = j.value("c", "");
        p.encoding = j.value("e", "");
        p.fileName = j.value("n", "");
        p.contentId = j.value("i", "");
        p.attachment = j.value("a", false);
        p.isInline = j.value("l", false);
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<model::PartInfo> displayablePart(const std::vector<model::PartInfo>& parts) {
    for (const char* type : {"text/plain", "text/html"}) {
        for (const auto& p : parts) {
            if (p.mimeType == type && !p.attachment) return p;
        }
    }
    return std::nullopt;
}

bool hasAttachment(const std::vector<model::PartInfo>& parts) {
    return std::any_of(parts.begin(), parts.end(), [](const model::PartInfo& p) { return p.attachment; });
}

std::string mimeParameter(const std::vector<std::pair<std::string, std::string>>& params, const std::string& name) {
    const std::string want = lower(name);
    // RFC 2231: name* (one piece) or name*0, name*0*, name*1*, ... (pieces; '*' = encoded).
    std::map<int, std::pair<std::string, bool>> pieces;
    for (const auto& [rawKey, value] : params) {
        const std::string key = lower(rawKey);
        if (key.size() <= want.size() || key.compare(0, want.size(), want) != 0 || key[want.size()] != '*') continue;
        std::string rest = key.substr(want.size() + 1);
        if (rest.empty()) {
            pieces[0] = {value, true};
            continue;
        }
        bool encoded = false;
        if (rest.back() == '*') {
            encoded = true;
            rest.pop_back();
        }
        if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        if (rest.size() > 4) continue;
        pieces[std::stoi(rest)] = {value, encoded};
    }
    if (!pieces.empty()) {
        std::string charset;
        std::string bytes;
        bool first = true;
        for (const auto& [index, piece] : pieces) {
            std::string v = piece.first;
            if (piece.second) {
                if (first) {
                    // charset'language'value
                    const auto q1 = v.find('\'');
                    const auto q2 = q1 == std::string::npos ? std::string::npos : v.find('\'', q1 + 1);
                    if (q2 != std::string::npos) {
                        charset = v.substr(0, q1);
                        v = v.substr(q2 + 1);
                    }
                }
                bytes += percentDecode(v);
            } else {
                bytes += v;
            }
            first = false;
        }
        return toUtf8(bytes, charset.empty() ? "utf-8" : charset);
    }
    for (const auto& [rawKey, value] : params) {
        if (lower(rawKey) == want) return decodeHeaderText(value);
    }
    return {};
}

}  // namespace petrel::mime
