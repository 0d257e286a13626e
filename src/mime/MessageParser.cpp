#include "mime/MessageParser.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <vmime/vmime.hpp>

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
    } catch (const vmime::exception&) {
        return p->getValue().getBuffer();
    }
}

vmime::shared_ptr<vmime::parameterizedHeaderField> parseParameterized(const char* name, const std::string& value) {
    try {
        auto f = vmime::headerFieldFactory::getInstance()->create(name, value);
        return vmime::dynamicCast<vmime::parameterizedHeaderField>(f);
    } catch (const vmime::exception&) {
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
    } catch (const vmime::exception&) {
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
            std::size_t nl = raw.find('\n', after);
            lineEnd = (nl == std::string_view::npos || nl >= end) ? end : nl + 1;
            return at;
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
    p.mimeType = e.type.type + "/" + e.type.subtype;
    p.charset = e.type.charset;
    p.encoding = encodingOf(e);
    p.size = e.bodyEnd - e.bodyStart;
    std::string disposition;
    if (const std::string* v = field(e.fields, "content-disposition")) {
        if (auto f = parseParameterized("Content-Disposition", *v)) {
            try {
                if (auto d = f->getValue<vmime::contentDisposition>()) disposition = lower(d->getName());
            } catch (const vmime::exception&) {
            }
            p.fileName = paramText(f, "filename");
        }
    }
    if (p.fileName.empty()) p.fileName = e.type.name;
    if (const std::string* v = field(e.fields, "content-id")) {
        std::string id = trim(*v);
        if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
        p.contentId = id;
    }
    p.isInline = disposition == "inline";
    p.attachment = disposition == "attachment" || (!p.fileName.empty() && e.type.type != "text") ||
                   (e.type.type != "text" && e.type.type != "multipart" && p.contentId.empty());
    return p;
}

std::int64_t parseDate(const std::string& value) {
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
    return trim(out);
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
    nlohmann::json structure = nlohmann::json::array();
    const Entity* plain = nullptr;
    const Entity* html = nullptr;
    for (const Entity* leaf : leaves) {
        model::PartInfo p = partInfo(*leaf);
        if (p.attachment) s.hasAttachment = true;
        if (!p.attachment && leaf->type.type == "text") {
            if (leaf->type.subtype == "plain" && !plain) plain = leaf;
            if (leaf->type.subtype == "html" && !html) html = leaf;
        }
        structure.push_back({{"section", p.section}, {"type", p.mimeType}, {"charset", p.charset},
                             {"encoding", p.encoding}, {"name", p.fileName}, {"id", p.contentId},
                             {"size", p.size}, {"attachment", p.attachment}, {"inline", p.isInline}});
        out.parts.push_back(std::move(p));
    }
    s.bodyStructure = structure.dump();

    if (const Entity* t = plain ? plain : html) {
        out.textType = t->type.subtype;
        out.textSection = t->section;
        std::string_view body = raw.substr(t->bodyStart, t->bodyEnd - t->bodyStart);
        std::string text = toUtf8(decodeTransferEncoding(body, encodingOf(*t)), t->type.charset);
        if (text.size() > textCap) {
            out.textRemaining = text.size() - textCap;
            text = capUtf8(std::move(text), textCap);
            out.textPartial = true;
        }
        if (t->bodyCut) out.textPartial = true;
        out.text = std::move(text);
    }
    return out;
}

model::MessageSummary parseHeaderSummary(std::string_view raw, const ParseLimits& limits) {
    std::vector<Field> h;
    readHeader(raw, 0, raw.size(), limits, h);
    model::MessageSummary s;
    s.from = unfolded(h, "from");
    s.to = unfolded(h, "to");
    s.cc = unfolded(h, "cc");
    s.subject = unfolded(h, "subject");
    if (const std::string* d = field(h, "date")) s.date = parseDate(*d);
    s.messageId = rawUnfolded(h, "message-id");
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
