#include "net/ImapBodyStructure.h"

#include <string>
#include <utility>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"

namespace petrel::net {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::pair<std::string, std::string>> pairs(const ImapValue& list) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!list.isList()) return out;
    for (std::size_t i = 0; i + 1 < list.items.size(); i += 2) out.emplace_back(list.items[i].str(), list.items[i + 1].str());
    return out;
}

void walk(const ImapValue& v, const std::string& prefix, std::vector<model::PartInfo>& out, int depth) {
    if (!v.isList() || v.items.empty() || depth > 50) return;
    if (v.items[0].isList()) {
        int n = 0;
        for (const auto& child : v.items) {
            if (!child.isList()) break;
            ++n;
            walk(child, prefix.empty() ? std::to_string(n) : prefix + "." + std::to_string(n), out, depth + 1);
        }
        return;
    }
    model::PartInfo p;
    p.section = prefix.empty() ? "1" : prefix;
    const std::string type = lower(v[0].str());
    const std::string subtype = lower(v[1].str());
    // Server tokens may be 8-bit junk; the index and JSON output need UTF-8.
    p.mimeType = mime::ensureUtf8(type + "/" + subtype);
    const auto params = pairs(v[2]);
    p.charset = lower(mime::mimeParameter(params, "charset"));
    p.contentId = mime::ensureUtf8(v[3].str());
    if (p.contentId.size() >= 2 && p.contentId.front() == '<' && p.contentId.back() == '>')
        p.contentId = p.contentId.substr(1, p.contentId.size() - 2);
    p.encoding = mime::ensureUtf8(lower(v[5].str()));
    p.size = v[6].number();
    std::size_t ext = 7;
    if (type == "text") ext = 8;
    if (p.mimeType == "message/rfc822") ext = 10;
    const ImapValue& disposition = v[ext + 1];
    std::string dispType;
    std::vector<std::pair<std::string, std::string>> dispParams;
    if (disposition.isList()) {
        dispType = lower(disposition[0].str());
        dispParams = pairs(disposition[1]);
    }
    p.fileName = mime::mimeParameter(dispParams, "filename");
    if (p.fileName.empty()) p.fileName = mime::mimeParameter(params, "name");
    p.isInline = dispType == "inline" || (!p.contentId.empty() && dispType != "attachment");
    p.attachment = dispType == "attachment" || p.mimeType == "message/rfc822" ||
                   (!p.fileName.empty() && type != "text" && dispType != "inline" && p.contentId.empty());
    out.push_back(std::move(p));
}

}  // namespace

std::vector<model::PartInfo> partsFromBodyStructure(const ImapValue& bodyStructure) {
    std::vector<model::PartInfo> out;
    walk(bodyStructure, "", out, 0);
    return out;
}

}  // namespace petrel::net
