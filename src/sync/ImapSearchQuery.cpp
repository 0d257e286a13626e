#include "sync/ImapSearchQuery.h"

#include <algorithm>
#include <cctype>

#include "model/Error.h"

namespace petrel::sync {

namespace {

using model::Error;
using model::ErrorKind;

std::vector<std::string> splitWords(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    bool any = false;
    for (char c : text) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
            continue;
        }
        if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
            if (any) out.push_back(cur);
            cur.clear();
            any = false;
            continue;
        }
        cur.push_back(c);
        any = true;
    }
    if (quoted) throw Error(ErrorKind::Usage, "The search query has an unclosed quote");
    if (any) out.push_back(cur);
    return out;
}

std::int64_t parseDay(const std::string& value, const std::string& key) {
    int y = 0, m = 0, d = 0;
    char extra = 0;
    if (std::sscanf(value.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        throw Error(ErrorKind::Usage, key + ": wants a date like 2025-01-31, not '" + value + "'");
    // days from civil
    int yy = y - (m <= 2);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (static_cast<std::int64_t>(era) * 146097 + doe - 719468) * 86400;
}

std::string imapDay(std::int64_t t) {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t z = t / 86400 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    return std::to_string(d) + "-" + months[m - 1] + "-" + std::to_string(y);
}

}  // namespace

ImapSearchQuery parseSearchQuery(const std::string& text) {
    ImapSearchQuery q;
    for (const auto& word : splitWords(text)) {
        std::string lowerWord = word;
        for (auto& c : lowerWord) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lowerWord == "unseen" || lowerWord == "is:unread") { q.unseen = true; continue; }
        if (lowerWord == "seen" || lowerWord == "is:read") { q.seen = true; continue; }
        if (lowerWord == "flagged" || lowerWord == "is:flagged") { q.flagged = true; continue; }
        if (lowerWord == "unflagged") { q.unflagged = true; continue; }
        const auto colon = word.find(':');
        if (colon != std::string::npos && colon > 0) {
            const std::string key = lowerWord.substr(0, colon);
            const std::string value = word.substr(colon + 1);
            static const std::pair<const char*, const char*> fields[] = {
                {"from", "FROM"}, {"to", "TO"}, {"cc", "CC"}, {"subject", "SUBJECT"}, {"body", "BODY"}, {"text", "TEXT"}};
            bool matched = false;
            for (const auto& [name, imap] : fields) {
                if (key != name) continue;
                if (value.empty()) throw Error(ErrorKind::Usage, key + ": needs a value");
                q.terms.emplace_back(imap, value);
                matched = true;
            }
            if (matched) continue;
            if (key == "since") { q.since = parseDay(value, key); continue; }
            if (key == "before") { q.before = parseDay(value, key); continue; }
        }
        q.terms.emplace_back("TEXT", word);
    }
    return q;
}

std::string ImapSearchQuery::localText() const {
    std::string out;
    for (const auto& [key, value] : terms) out += (out.empty() ? "" : " ") + value;
    return out;
}

bool ImapSearchQuery::matchesFilters(const model::MessageSummary& m) const {
    if (unseen && !m.unread()) return false;
    if (seen && m.unread()) return false;
    if (flagged && !(m.flags & model::FlagFlagged)) return false;
    if (unflagged && (m.flags & model::FlagFlagged)) return false;
    // IMAP SINCE/BEFORE compare the internal date by day.
    const std::int64_t day = m.internalDate - (m.internalDate % 86400 + 86400) % 86400;
    if (since && day < *since) return false;
    if (before && day >= *before) return false;
    return true;
}

net::ImapCommand ImapSearchQuery::command() const {
    net::ImapCommand cmd("UID SEARCH CHARSET UTF-8");
    bool any = false;
    for (const auto& [key, value] : terms) {
        cmd.add(key).addString(value);
        any = true;
    }
    if (since) { cmd.add("SINCE " + imapDay(*since)); any = true; }
    if (before) { cmd.add("BEFORE " + imapDay(*before)); any = true; }
    if (unseen) { cmd.add("UNSEEN"); any = true; }
    if (seen) { cmd.add("SEEN"); any = true; }
    if (flagged) { cmd.add("FLAGGED"); any = true; }
    if (unflagged) { cmd.add("UNFLAGGED"); any = true; }
    if (!any) cmd.add("ALL");
    return cmd;
}

}  // namespace petrel::sync
