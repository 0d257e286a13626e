#include "net/ImapFetchParser.h"

#include <cctype>
#include <cstring>
#include <ctime>
#include <vector>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "mime/HeaderText.h"
#include "net/ImapBodyStructure.h"

namespace petrel::net {

namespace {

int monthIndex(std::string_view m) {
    static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (m.size() < 3) return -1;
    for (int i = 0; i < 12; ++i) {
        if (std::tolower(static_cast<unsigned char>(m[0])) == names[i][0] &&
            std::tolower(static_cast<unsigned char>(m[1])) == names[i][1] &&
            std::tolower(static_cast<unsigned char>(m[2])) == names[i][2])
            return i;
    }
    return -1;
}

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::vector<std::string_view> words(std::string_view s, const char* separators) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::strchr(separators, s[i])) ++i;
        const std::size_t start = i;
        while (i < s.size() && !std::strchr(separators, s[i])) ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

bool toInt(std::string_view s, int& out) {
    if (s.empty() || s.size() > 9) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

int zoneOffsetMinutes(std::string_view z) {
    if (z.size() == 5 && (z[0] == '+' || z[0] == '-')) {
        int v = 0;
        if (!toInt(z.substr(1), v)) return 0;
        const int minutes = (v / 100) * 60 + v % 100;
        return z[0] == '-' ? -minutes : minutes;
    }
    static const std::pair<const char*, int> zones[] = {{"UT", 0},      {"UTC", 0},     {"GMT", 0},    {"Z", 0},
                                                       {"EST", -300},  {"EDT", -240},  {"CST", -360}, {"CDT", -300},
                                                       {"MST", -420},  {"MDT", -360},  {"PST", -480}, {"PDT", -420}};
    for (const auto& [name, off] : zones)
        if (equalsIgnoreCase(z, name)) return off;
    return 0;
}

std::int64_t compose(int year, int month, int day, int h, int m, int s, int offsetMinutes) {
    if (year < 100) year += year < 50 ? 2000 : 1900;
    if (month < 0 || month > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return 0;
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month + 1), static_cast<unsigned>(day));
    return days * 86400 + h * 3600 + m * 60 + s - offsetMinutes * 60;
}

bool parseClock(std::string_view t, int& h, int& m, int& s) {
    auto parts = words(t, ":");
    s = 0;
    if (parts.size() < 2 || !toInt(parts[0], h) || !toInt(parts[1], m)) return false;
    if (parts.size() > 2 && !toInt(parts[2], s)) return false;
    return true;
}

std::string formatAddresses(const ImapValue& list) {
    std::string out;
    if (!list.isList()) return out;
    for (const auto& a : list.items) {
        if (!a.isList() || a.size() < 4) continue;
        if (a[2].isNil() || a[3].isNil()) continue;  // group start / end markers (RFC 3501 §7.4.2)
        std::string mailbox = mime::ensureUtf8(a[2].str() + "@" + a[3].str());
        std::string name = mime::decodeHeaderText(mime::boundHeaderValue(a[0].str(), 4096));
        if (!out.empty()) out += ", ";
        if (name.empty()) {
            out += mailbox;
        } else {
            out += name + " <" + mailbox + ">";
        }
    }
    return out;
}

std::string referencesFromHeader(std::string_view header) {
    std::string out;
    // "References: <a>\r\n <b>\r\n\r\n": unfold, drop the field name.
    const auto colon = header.find(':');
    if (colon == std::string_view::npos) return out;
    bool space = false;
    for (char c : header.substr(colon + 1)) {
        if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace

std::int64_t parseMessageDate(std::string_view text) {
    auto w = words(text, " \t\r\n,");
    std::size_t i = 0;
    if (i < w.size() && !w[i].empty() && std::isalpha(static_cast<unsigned char>(w[i][0]))) ++i;  // day name
    int day = 0, year = 0, h = 0, m = 0, s = 0;
    if (i + 3 > w.size() || !toInt(w[i], day)) return 0;
    const int month = monthIndex(w[i + 1]);
    if (!toInt(w[i + 2], year)) return 0;
    if (i + 3 >= w.size() || !parseClock(w[i + 3], h, m, s)) return 0;
    const int zone = i + 4 < w.size() ? zoneOffsetMinutes(w[i + 4]) : 0;
    return compose(year, month, day, h, m, s, zone);
}

std::int64_t parseInternalDate(std::string_view text) {
    auto w = words(text, " ");
    if (w.size() < 2) return 0;
    auto dmy = words(w[0], "-");
    int day = 0, year = 0, h = 0, m = 0, s = 0;
    if (dmy.size() != 3 || !toInt(dmy[0], day) || !toInt(dmy[2], year)) return 0;
    if (!parseClock(w[1], h, m, s)) return 0;
    return compose(year, monthIndex(dmy[1]), day, h, m, s, w.size() > 2 ? zoneOffsetMinutes(w[2]) : 0);
}

model::Flags flagsFromList(const ImapValue& list, std::string* keywords) {
    model::Flags f = 0;
    for (const auto& v : list.items) {
        const std::string& s = v.str();
        if (equalsIgnoreCase(s, "\\Seen")) f |= model::FlagSeen;
        else if (equalsIgnoreCase(s, "\\Answered")) f |= model::FlagAnswered;
        else if (equalsIgnoreCase(s, "\\Flagged")) f |= model::FlagFlagged;
        else if (equalsIgnoreCase(s, "\\Deleted")) f |= model::FlagDeleted;
        else if (equalsIgnoreCase(s, "\\Draft")) f |= model::FlagDraft;
        else if (equalsIgnoreCase(s, "$Forwarded")) f |= model::FlagForwarded;
        else if (keywords && !s.empty() && s[0] != '\\') {
            if (!keywords->empty()) *keywords += ' ';
            *keywords += mime::ensureUtf8(s);
        }
    }
    return f;
}

std::string flagsToImap(model::Flags flags) {
    std::string out;
    auto add = [&](model::Flags bit, const char* name) {
        if (!(flags & bit)) return;
        if (!out.empty()) out += ' ';
        out += name;
    };
    add(model::FlagSeen, "\\Seen");
    add(model::FlagAnswered, "\\Answered");
    add(model::FlagFlagged, "\\Flagged");
    add(model::FlagDeleted, "\\Deleted");
    add(model::FlagDraft, "\\Draft");
    add(model::FlagForwarded, "$Forwarded");
    return out;
}

std::optional<model::MessageSummary> summaryFromFetch(const ImapResponse& fetch) {
    if (fetch.name != "FETCH" || fetch.data.empty() || !fetch.data[0].isList()) return std::nullopt;
    const ImapValue& d = fetch.data[0];
    const ImapValue* uid = d.get("UID");
    if (!uid || uid->number() == 0) return std::nullopt;
    model::MessageSummary m;
    m.uid = static_cast<std::uint32_t>(uid->number());
    if (const auto* flags = d.get("FLAGS")) m.flags = flagsFromList(*flags, &m.keywords);
    if (const auto* size = d.get("RFC822.SIZE")) m.size = size->number();
    if (const auto* date = d.get("INTERNALDATE")) m.internalDate = parseInternalDate(date->str());
    if (const auto* env = d.get("ENVELOPE"); env && env->isList()) {
        const ImapValue& e = *env;
        m.date = parseMessageDate(e[0].str());
        m.subject = mime::decodeHeaderText(mime::boundHeaderValue(e[1].str(), 16 * 1024));
        m.from = formatAddresses(e[2]);
        m.to = formatAddresses(e[5]);
        m.cc = formatAddresses(e[6]);
        m.inReplyTo = mime::ensureUtf8(e[8].str());
        m.messageId = mime::ensureUtf8(e[9].str());
    }
    if (m.date == 0) m.date = m.internalDate;
    if (const auto* bs = d.get("BODYSTRUCTURE")) {
        auto parts = partsFromBodyStructure(*bs);
        m.hasAttachment = mime::hasAttachment(parts);
        m.bodyStructure = mime::serializeParts(parts);
    }
    for (std::size_t i = 0; i + 1 < d.items.size(); i += 2) {
        const std::string& key = d.items[i].str();
        if (key.size() > 17 && equalsIgnoreCase(key.substr(0, 17), "BODY[HEADER.FIELD")) {
            m.references = mime::ensureUtf8(referencesFromHeader(mime::boundHeaderValue(d.items[i + 1].str(), 64 * 1024)));
        }
    }
    m.cacheState = model::CachedHeaders;
    return m;
}

}  // namespace petrel::net
