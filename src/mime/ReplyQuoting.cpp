#include "mime/ReplyQuoting.h"

#include <cstdio>
#include <ctime>
#include <vector>

#include "mime/AddressList.h"

namespace petrel::mime {
namespace {

std::vector<std::string> messageIds(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while ((i = s.find('<', i)) != std::string_view::npos) {
        const auto end = s.find('>', i);
        if (end == std::string_view::npos) break;
        std::string id(s.substr(i, end - i + 1));
        if (id.size() > 2 && id.find_first_of(" \t\r\n") == std::string::npos) out.push_back(id);
        i = end + 1;
    }
    return out;
}

}  // namespace

std::string normalizeMessageId(std::string_view id) {
    auto ids = messageIds(id);
    if (!ids.empty()) return ids.front();
    std::string bare;
    for (const char c : id)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') bare += c;
    return bare.empty() ? std::string() : "<" + bare + ">";
}

std::string attributionLine(std::int64_t date, std::string_view fromHeader) {
    std::string who;
    auto addresses = parseAddresses(fromHeader, false);
    if (!addresses.empty())
        who = addresses.front().name.empty() ? addresses.front().address : addresses.front().name;
    if (who.empty()) who = std::string(fromHeader);
    if (who.empty()) who = "someone";
    if (date <= 0) return who + " wrote:";
    return "On " + formatMailDate(date) + ", " + who + " wrote:";
}

std::string formatMailDate(std::int64_t date) {
    const std::time_t t = static_cast<std::time_t>(date);
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &t);
#else
    gmtime_r(&t, &tm);
#endif
    // Fixed English names: the C locale's, whatever the process locale is.
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %d %s %d %02d:%02d UTC", kDays[tm.tm_wday % 7], tm.tm_mday,
                  kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
    return buffer;
}

std::string quoteText(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty())
            out += ">";
        else if (line.front() == '>')
            out += ">" + std::string(line);
        else
            out += "> " + std::string(line);
        out += '\n';
        if (end == text.size()) break;
        start = end + 1;
    }
    return out;
}

std::string replyReferences(std::string_view references, std::string_view inReplyTo,
                            std::string_view messageId, std::size_t maxIds) {
    std::vector<std::string> ids = messageIds(references);
    if (ids.empty()) ids = messageIds(inReplyTo);
    const std::string own = normalizeMessageId(messageId);
    if (!own.empty()) ids.push_back(own);
    std::vector<std::string> unique;
    for (const auto& id : ids) {
        bool seen = false;
        for (const auto& u : unique) seen = seen || u == id;
        if (!seen) unique.push_back(id);
    }
    if (maxIds >= 2 && unique.size() > maxIds) {
        std::vector<std::string> trimmed{unique.front()};
        trimmed.insert(trimmed.end(), unique.end() - static_cast<std::ptrdiff_t>(maxIds - 1), unique.end());
        unique = std::move(trimmed);
    }
    std::string out;
    for (const auto& id : unique) out += (out.empty() ? "" : " ") + id;
    return out;
}

}  // namespace petrel::mime
