#include "mime/MessageParser.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <exception>
#include <vmime/vmime.hpp>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "mime/HeaderText.h"
#include "mime/TransferEncoding.h"

namespace petrel::mime {
namespace {

struct Field {
    std::string name;  // lowercase
    std::string value;  // raw, folded, bounded
};

struct ContentType {
    std::string type = "text";
    std::string subtype = "plain";
    std::string charset;
    std::string boundary;
    std::string name;
};

// One MIME entity: byte ranges into the raw message.
struct Entity {
    std::vector<Field> fields;
    std::size_t bodyStart = 0;
    std::size_t bodyEnd = 0;
    bool bodyCut = false;  // the raw bytes end inside this entity (TOP)
    ContentType type;
    std::string section;
    std::vector<Entity> children;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string s) {
    auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

// Reads the header block starting at `pos` within [pos, end); returns the body start.
std::size_t readHeader(std::string_view raw, std::size_t pos, std::size_t end, const ParseLimits& limits,
                       std::vector<Field>& fields) {
    const std::size_t headerStart = pos;
    while (pos < end) {
        std::size_t nl = raw.find('\n', pos);
        if (nl == std::string_view::npos || nl >= end) nl = end;
        std::string_view line = raw.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t next = nl < end ? nl + 1 : end;
        if (line.empty()) return next;  // blank line: the body follows
        const bool withinBounds = pos - headerStart < limits.maxHeaderBytes && fields.size() < 1000;
        if (line.front() == ' ' || line.front() == '\t') {
            if (withinBounds && !fields.empty() && fields.back().value.size() < limits.maxFieldBytes) {
                fields.back().value += "\r\n";
                fields.back().value += line;
                if (fields.back().value.size() > limits.maxFieldBytes) fields.back().value.resize(limits.maxFieldBytes);
            }
        } else if (withinBounds) {
            std::size_t colon = line.find(':');
            if (colon != std::string_view::npos && colon > 0) {
                Field f;
                f.name = lower(trim(std::string(line.substr(0, colon))));
                f.value = std::string(boundHeaderValue(line.substr(colon + 1), limits.maxFieldBytes));
                fields.push_back(std::move(f));
            }
        }
        pos = next;
    }
    return end;
}

const std::string* field(const std::vector<Field>& fields, const char* name) {
    for (const auto& f : fields)
        if (f.name == name) return &f.value;
    return nullptr;
}

std::string paramText(const vmime::shared_ptr<vmime::parameterizedHeaderField>& f, const char* name) {
    auto p = f->findParameter(name);
    if (!p) return {};
    try {
        std::string out = p->getValue().getConvertedText(vmime::charsets::UTF_8);
        return isValidUtf8(out) ? out : latin1ToUtf8(out);
    } catch (const std::exception&) {
        return ensureUtf8(p->getValue().getBuffer());
    }
}

vmime::shared_ptr<vmime::parameterizedHeaderField> parseParameterized(const char* name, const std::string& value) {
    try {
        auto f = vmime::headerFieldFactory::getInstance()->create(name, value);
        return vmime::dynamicCast<vmime::parameterizedHeaderField>(f);
    } catch (const std::exception&) {
        return nullptr;
    }
}

ContentType parseContentType(const std::vector<Field>& fields, bool digestDefault) {
    ContentType ct;
    if (digestDefault) {
        ct.type = "message";
        ct.subtype = "rfc822";
    }
    const std::string* v = field(fields, "content-type");
    if (!v) return ct;
    auto f = parseParameterized("Content-Type", *v);
    if (!f) return ct;
    try {
        auto media = f->getValue<vmime::mediaType>();
        if (media && !media->getType().empty()) {
            ct.type = lower(media->getType());
            ct.subtype = lower(media->getSubType());
        }
    } catch (const std::exception&) {
    }
    ct.charset = paramText(f, "charset");
    ct.boundary = paramText(f, "boundary");
    ct.name = paramText(f, "name");
    if (ct.type == "multipart" && ct.boundary.empty()) ct = ContentType{};  // unusable: show as text
    return ct;
}

// Finds the next delimiter line "--boundary" at a line start in [pos, end). Returns its start
// and sets lineEnd past its line ending, isClose for "--boundary--".
std::size_t findDelimiter(std::string_view raw, std::size_t pos, std::size_t end, const std::string& boundary,
                          std::size_t& lineEnd, bool& isClose) {
    const std::string delim = "--" + boundary;
    while (pos < end) {
        std::size_t at = raw.find(delim, pos);
        if (at == std::string_view::npos || at + delim.size() > end) return std::string_view::npos;
        if (at == 0 || raw[at - 1] == '\n') {
            std::size_t after = at + delim.size();
            isClose = after + 1 < end && raw[after] == '-' && raw[after + 1] == '-';
            // "--b1" must not match "--b10": after the boundary only padding and the line end.
            std::size_t k = after;
            while (!isClose && k < end && (raw[k] == ' ' || raw[k] == '\t')) ++k;
            if (isClose || k >= end || raw[k] == '\r' || raw[k] == '\n') {
                std::size_t nl = raw.find('\n', after);
                lineEnd = (nl == std::string_view::npos || nl >= end) ? end : nl + 1;
                return at;
            }
        }
        pos = at + 1;
    }
    return std::string_view::npos;
}

// The body of a part ends before the line break that precedes the next delimiter.
std::size_t contentEndBefore(std::string_view raw, std::size_t delimiterStart, std::size_t contentStart) {
    std::size_t e = delimiterStart;
    if (e > contentStart && raw[e - 1] == '\n') --e;
    if (e > contentStart && raw[e - 1] == '\r') --e;
    return e;
}

void parseEntity(std::string_view raw, Entity& entity, std::size_t start, std::size_t end, bool cut,
                 std::size_t depth, const ParseLimits& limits, std::size_t& partCount, bool digestDefault) {
    entity.bodyStart = readHeader(raw, start, end, limits, entity.fields);
    entity.bodyEnd = end;
    entity.bodyCut = cut;
    entity.type = parseContentType(entity.fields, digestDefault);
    if (entity.type.type != "multipart") return;
    if (depth >= limits.maxDepth) {
        entity.type = ContentType{"application", "octet-stream", {}, {}, {}};
        return;
    }
    std::size_t lineEnd = 0;
    bool isClose = false;
    std::size_t at = findDelimiter(raw, entity.bodyStart, end, entity.type.boundary, lineEnd, isClose);
    std::size_t index = 0;
    while (at != std::string_view::npos && !isClose && partCount < limits.maxParts) {
        std::size_t contentStart = lineEnd;
        std::size_t nextEnd = 0;
        bool nextClose = false;
        std::size_t next = findDelimiter(raw, contentStart, end, entity.type.boundary, nextEnd, nextClose);
        Entity child;
        ++index;
        ++partCount;
        child.section = entity.section.empty() ? std::to_string(index) : entity.section + "." + std::to_string(index);
        const bool childCut = next == std::string_view::npos;
        std::size_t childEnd = childCut ? end : contentEndBefore(raw, next, contentStart);
        parseEntity(raw, child, contentStart, childEnd, childCut && cut, depth + 1, limits, partCount,
                    entity.type.subtype == "digest");
        entity.children.push_back(std::move(child));
        at = next;
        lineEnd = nextEnd;
        isClose = nextClose;
    }
    // Not one delimiter of the declared boundary: show the body as text rather than nothing.
    if (entity.children.empty()) entity.type = ContentType{};
}

struct Tree {
    Entity root;
};

Tree buildTree(std::string_view raw, bool truncated, const ParseLimits& limits) {
    Tree t;
    std::size_t partCount = 0;
    parseEntity(raw, t.root, 0, raw.size(), truncated, 0, limits, partCount, false);
    if (t.root.type.type != "multipart") t.root.section = "1";
    return t;
}

void collectLeaves(const Entity& e, std::vector<const Entity*>& out) {
    if (e.type.type == "multipart") {
        for (const auto& c : e.children) collectLeaves(c, out);
    } else {
        out.push_back(&e);
    }
}

std::string encodingOf(const Entity& e) {
    const std::string* v = field(e.fields, "content-transfer-encoding");
    return v ? lower(trim(*v)) : std::string("7bit");
}

model::PartInfo partInfo(const Entity& e) {
    model::PartInfo p;
    p.section = e.section;
    // Raw 8-bit header bytes must not reach the index or JSON output as invalid UTF-8.
    p.mimeType = ensureUtf8(e.type.type + "/" + e.type.subtype);
    p.charset = ensureUtf8(e.type.charset);
    p.encoding = ensureUtf8(encodingOf(e));
    p.size = e.bodyEnd - e.bodyStart;
    std::string disposition;
    if (const std::string* v = field(e.fields, "content-disposition")) {
        if (auto f = parseParameterized("Content-Disposition", *v)) {
            try {
                if (auto d = f->getValue<vmime::contentDisposition>()) disposition = lower(d->getName());
            } catch (const std::exception&) {
            }
            p.fileName = paramText(f, "filename");
        }
    }
    if (p.fileName.empty()) p.fileName = e.type.name;
    if (const std::string* v = field(e.fields, "content-id")) {
        std::string id = trim(*v);
        if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
        p.contentId = ensureUtf8(id);
    }
    p.isInline = disposition == "inline";
    p.attachment = disposition == "attachment" || (!p.fileName.empty() && e.type.type != "text") ||
                   (e.type.type != "text" && e.type.type != "multipart" && p.contentId.empty());
    return p;
}

std::int64_t parseDateWithVmime(std::string_view value) {
    try {
        vmime::datetime d;
        d.parse(std::string(boundHeaderValue(value, 256)));
        if (d.getYear() < 1970 || d.getYear() > 9999) return 0;
        using namespace std::chrono;
        const auto day = sys_days(year_month_day(year(d.getYear()), month(static_cast<unsigned>(d.getMonth())),
                                                 std::chrono::day(static_cast<unsigned>(d.getDay()))));
        std::int64_t t = duration_cast<seconds>(day.time_since_epoch()).count() + d.getHour() * 3600 +
                         d.getMinute() * 60 + d.getSecond();
        return t - static_cast<std::int64_t>(d.getZone()) * 60;
    } catch (...) {
        return 0;
    }
}

// The RFC 5322 form nearly all mail uses — "[Wed, ]5 Mar 2025 14:03:09 +0100 [(comment)]" — read
// without vmime (a browse of 10,000 headers spent most of its parsing time in vmime::datetime).
// Anything else (obsolete zones, two-digit years, odd spacing) returns nullopt and goes to vmime.
std::optional<std::int64_t> parseDateFast(std::string_view v) {
    std::size_t i = 0;
    auto skipSpace = [&] {
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n')) ++i;
    };
    auto number = [&](std::size_t minDigits, std::size_t maxDigits) -> std::optional<int> {
        std::size_t start = i;
        int n = 0;
        while (i < v.size() && i - start < maxDigits && v[i] >= '0' && v[i] <= '9') n = n * 10 + (v[i++] - '0');
        if (i - start < minDigits) return std::nullopt;
        return n;
    };
    skipSpace();
    if (i < v.size() && std::isalpha(static_cast<unsigned char>(v[i]))) {  // day of week
        while (i < v.size() && std::isalpha(static_cast<unsigned char>(v[i]))) ++i;
        skipSpace();
        if (i >= v.size() || v[i] != ',') return std::nullopt;
        ++i;
        skipSpace();
    }
    auto dayOfMonth = number(1, 2);
    skipSpace();
    if (!dayOfMonth || i + 3 > v.size()) return std::nullopt;
    static constexpr std::string_view kMonths = "janfebmaraprmayjunjulaugsepoctnovdec";
    char mon[3];
    for (int k = 0; k < 3; ++k) mon[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(v[i + k])));
    std::size_t m = kMonths.find(std::string_view(mon, 3));
    if (m == std::string_view::npos || m % 3 != 0) return std::nullopt;
    i += 3;
    if (i < v.size() && std::isalpha(static_cast<unsigned char>(v[i]))) return std::nullopt;
    skipSpace();
    auto yearNumber = number(4, 4);
    skipSpace();
    auto hour = number(2, 2);
    if (!yearNumber || !hour || i >= v.size() || v[i] != ':') return std::nullopt;
    ++i;
    auto minute = number(2, 2);
    if (!minute) return std::nullopt;
    int second = 0;
    if (i < v.size() && v[i] == ':') {
        ++i;
        auto s = number(2, 2);
        if (!s) return std::nullopt;
        second = *s;
    }
    skipSpace();
    int zoneMinutes = 0;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) {
        const bool negative = v[i] == '-';
        ++i;
        auto z = number(4, 4);
        if (!z) return std::nullopt;
        zoneMinutes = (*z / 100) * 60 + *z % 100;
        if (negative) zoneMinutes = -zoneMinutes;
    } else {
        std::size_t start = i;
        while (i < v.size() && std::isalpha(static_cast<unsigned char>(v[i]))) ++i;
        std::string zone(v.substr(start, i - start));
        for (auto& c : zone) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (zone != "GMT" && zone != "UT" && zone != "UTC" && zone != "Z") return std::nullopt;
    }
    skipSpace();
    if (i < v.size() && v[i] == '(') {  // a trailing comment such as "(CET)"
        std::size_t close = v.find(')', i);
        if (close == std::string_view::npos) return std::nullopt;
        i = close + 1;
        skipSpace();
    }
    if (i != v.size()) return std::nullopt;
    if (*dayOfMonth < 1 || *dayOfMonth > 31 || *hour > 23 || *minute > 59 || second > 60 || *yearNumber < 1970)
        return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd(year(*yearNumber), month(static_cast<unsigned>(m / 3 + 1)),
                             std::chrono::day(static_cast<unsigned>(*dayOfMonth)));
    if (!ymd.ok()) return std::nullopt;
    const std::int64_t t = duration_cast<seconds>(sys_days(ymd).time_since_epoch()).count() + *hour * 3600 +
                           *minute * 60 + second;
    return t - static_cast<std::int64_t>(zoneMinutes) * 60;
}

std::int64_t parseDate(std::string_view value) {
    if (auto t = parseDateFast(boundHeaderValue(value, 256))) return *t;
    return parseDateWithVmime(value);
}

std::string unfolded(const std::vector<Field>& fields, const char* name) {
    const std::string* v = field(fields, name);
    return v ? trim(decodeHeaderText(*v)) : std::string();
}

std::string rawUnfolded(const std::vector<Field>& fields, const char* name) {
    const std::string* v = field(fields, name);
    if (!v) return {};
    std::string out;
    for (char c : *v)
        if (c != '\r' && c != '\n') out += c;
    return ensureUtf8(trim(out));
}

const Entity* findSection(const Entity& e, const std::string& section) {
    if (e.section == section && e.type.type != "multipart") return &e;
    for (const auto& c : e.children)
        if (const Entity* hit = findSection(c, section)) return hit;
    return nullptr;
}

// Cuts UTF-8 text at `cap` bytes without splitting a character.
std::string capUtf8(std::string s, std::size_t cap) {
    if (s.size() <= cap) return s;
    std::size_t n = cap;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
    return s;
}

}  // namespace

ParsedMessage parseMessage(std::string_view raw, std::size_t textCap, bool truncated, const ParseLimits& limits) {
    ParsedMessage out;
    Tree tree = buildTree(raw, truncated, limits);
    const auto& h = tree.root.fields;
    auto& s = out.summary;
    s.size = raw.size();
    s.from = unfolded(h, "from");
    s.to = unfolded(h, "to");
    s.cc = unfolded(h, "cc");
    s.subject = unfolded(h, "subject");
    if (const std::string* d = field(h, "date")) s.date = parseDate(*d);
    s.messageId = rawUnfolded(h, "message-id");
    s.inReplyTo = rawUnfolded(h, "in-reply-to");
    s.references = rawUnfolded(h, "references");

    std::vector<const Entity*> leaves;
    collectLeaves(tree.root, leaves);
    const Entity* plain = nullptr;
    const Entity* html = nullptr;
    for (const Entity* leaf : leaves) {
        model::PartInfo p = partInfo(*leaf);
        if (p.attachment) s.hasAttachment = true;
        if (!p.attachment && leaf->type.type == "text") {
            if (leaf->type.subtype == "plain" && !plain) plain = leaf;
            if (leaf->type.subtype == "html" && !html) html = leaf;
        }
        out.parts.push_back(std::move(p));
    }
    // The format of IMAP summaries, so mime::parseParts reads POP3 and IMAP structures alike.
    s.bodyStructure = serializeParts(out.parts);

    if (!plain && !html) {
        // RFC 2046 §4.1.4: an unrecognised text subtype is shown as plain text.
        for (std::size_t i = 0; i < leaves.size() && !plain; ++i)
            if (leaves[i]->type.type == "text" && !out.parts[i].attachment) plain = leaves[i];
    }
    if (const Entity* t = plain ? plain : html) {
        out.textType = t == html ? "html" : "plain";
        out.textSection = t->section;
        std::string_view body = raw.substr(t->bodyStart, t->bodyEnd - t->bodyStart);
        std::string text = toUtf8(decodeTransferEncoding(body, encodingOf(*t)), t->type.charset);
        if (text.size() > textCap) {
            const std::size_t full = text.size();
            text = capUtf8(std::move(text), textCap);
            out.textRemaining = full - text.size();  // after the cut, which may end before the cap
            out.textPartial = true;
        }
        if (t->bodyCut) out.textPartial = true;
        out.text = std::move(text);
    }
    return out;
}

model::MessageSummary parseHeaderSummary(std::string_view raw, const ParseLimits& limits) {
    // One pass over the header block that keeps only the six fields wanted (the first of each,
    // bounded and folded exactly as readHeader would), without building the full field list:
    // browsing 10,000 TOP answers spent most of its time allocating fields nobody reads.
    enum Slot { From, To, Cc, Subject, Date, MessageId, kSlots };
    static constexpr std::string_view kNames[kSlots] = {"from", "to", "cc", "subject", "date", "message-id"};
    std::string values[kSlots];
    bool seen[kSlots] = {};
    int current = -1;  // the slot continuation lines belong to; -1 for a field not kept
    std::size_t fieldCount = 0;
    std::size_t pos = 0;
    const std::size_t end = raw.size();
    while (pos < end) {
        std::size_t nl = raw.find('\n', pos);
        if (nl == std::string_view::npos) nl = end;
        std::string_view line = raw.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t next = nl < end ? nl + 1 : end;
        if (line.empty()) break;
        const bool withinBounds = pos < limits.maxHeaderBytes && fieldCount < 1000;
        if (line.front() == ' ' || line.front() == '\t') {
            if (withinBounds && current >= 0 && values[current].size() < limits.maxFieldBytes) {
                std::string& v = values[current];
                v += "\r\n";
                v += line;
                if (v.size() > limits.maxFieldBytes) v.resize(limits.maxFieldBytes);
            }
        } else if (withinBounds) {
            std::size_t colon = line.find(':');
            if (colon != std::string_view::npos && colon > 0) {
                ++fieldCount;
                current = -1;
                std::string_view name = line.substr(0, colon);
                while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.remove_prefix(1);
                while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
                for (int k = 0; k < kSlots; ++k) {
                    if (seen[k] || name.size() != kNames[k].size()) continue;
                    bool same = true;
                    for (std::size_t c = 0; c < name.size() && same; ++c)
                        same = std::tolower(static_cast<unsigned char>(name[c])) == kNames[k][c];
                    if (!same) continue;
                    seen[k] = true;
                    values[k] = std::string(boundHeaderValue(line.substr(colon + 1), limits.maxFieldBytes));
                    current = k;
                    break;
                }
            }
        }
        pos = next;
    }
    auto decoded = [&](Slot k) { return seen[k] ? trim(decodeHeaderText(values[k])) : std::string(); };
    model::MessageSummary s;
    s.from = decoded(From);
    s.to = decoded(To);
    s.cc = decoded(Cc);
    s.subject = decoded(Subject);
    if (seen[Date]) s.date = parseDate(values[Date]);
    if (seen[MessageId]) {
        for (char c : values[MessageId])
            if (c != '\r' && c != '\n') s.messageId += c;
        s.messageId = ensureUtf8(trim(std::move(s.messageId)));
    }
    return s;
}

std::optional<std::string> extractPart(std::string_view raw, const std::string& section, bool decode,
                                       const ParseLimits& limits) {
    Tree tree = buildTree(raw, false, limits);
    const Entity* e = findSection(tree.root, section);
    if (!e) return std::nullopt;
    std::string_view body = raw.substr(e->bodyStart, e->bodyEnd - e->bodyStart);
    if (!decode) return std::string(body);
    return decodeTransferEncoding(body, encodingOf(*e));
}

}  // namespace petrel::mime
