#include "net/ImapResponse.h"

#include <vector>

#include "model/Error.h"

namespace petrel::net {

namespace {

[[noreturn]] void malformed(std::string_view raw, const char* what) {
    std::string shown(raw.substr(0, 200));
    throw model::Error(model::ErrorKind::Protocol, std::string("The server sent a malformed IMAP response (") + what + ")",
                       shown);
}

class Tokenizer {
public:
    explicit Tokenizer(std::string_view s) : s_(s) {}

    bool atEnd() {
        skipSpace();
        return p_ >= s_.size();
    }
    std::size_t pos() const { return p_; }
    void setPos(std::size_t p) { p_ = p; }
    std::string_view rest() const { return p_ < s_.size() ? s_.substr(p_) : std::string_view(); }

    void skipSpace() {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\r' || s_[p_] == '\n' || s_[p_] == '\t')) ++p_;
    }

    // One value; `closer` is the list end the caller waits for (0 at top level).
    ImapValue value(int depth = 0) {
        skipSpace();
        if (p_ >= s_.size()) malformed(s_, "unexpected end");
        const char c = s_[p_];
        // Deeper than anything we read (ImapBodyStructure stops at 50): a hostile message's
        // BODYSTRUCTURE must not fail the whole FETCH, so an over-deep list reads as NIL.
        if (depth > 100 && (c == '(' || c == '[')) {
            skipList();
            return ImapValue{};
        }
        if (c == '(' || c == '[') {
            const char close = c == '(' ? ')' : ']';
            ++p_;
            ImapValue list;
            list.kind = ImapValue::Kind::List;
            list.bracket = c == '[';
            // Children collect on a scratch stack shared by all depths, then move into a vector
            // of exactly their number: one allocation per list instead of one per doubling.
            const std::size_t base = scratch_.size();
            for (;;) {
                skipSpace();
                if (p_ >= s_.size()) {
                    scratch_.resize(base);
                    malformed(s_, "unclosed list");
                }
                if (s_[p_] == close) {
                    ++p_;
                    list.items.reserve(scratch_.size() - base);
                    for (std::size_t i = base; i < scratch_.size(); ++i) list.items.push_back(std::move(scratch_[i]));
                    scratch_.resize(base);
                    return list;
                }
                try {
                    ImapValue child = value(depth + 1);
                    scratch_.push_back(std::move(child));
                } catch (...) {
                    scratch_.resize(base);
                    throw;
                }
            }
        }
        if (c == '"') return quoted();
        if (c == '{') return literal();
        if (c == ')' || c == ']') malformed(s_, "unbalanced list");
        return atom();
    }

private:
    // One balanced (...) or [...] list, without recursion; strings and literals are opaque.
    void skipList() {
        std::size_t open = 0;
        while (p_ < s_.size()) {
            const char c = s_[p_];
            if (c == '"') {
                quoted();
                continue;
            }
            if (c == '{') {
                literal();
                continue;
            }
            ++p_;
            if (c == '(' || c == '[') {
                ++open;
            } else if ((c == ')' || c == ']') && --open == 0) {
                return;
            }
        }
        malformed(s_, "unclosed list");
    }

    ImapValue quoted() {
        ++p_;
        ImapValue v;
        v.kind = ImapValue::Kind::String;
        for (;;) {
            // Copy the run up to the next quote or backslash in one go.
            std::size_t q = p_;
            while (q < s_.size() && s_[q] != '"' && s_[q] != '\\') ++q;
            v.text.append(s_.data() + p_, q - p_);
            p_ = q;
            if (p_ >= s_.size()) malformed(s_, "unterminated string");
            const char c = s_[p_++];
            if (c == '"') return v;
            if (p_ < s_.size()) {
                v.text.push_back(s_[p_++]);
            } else {
                v.text.push_back(c);
            }
        }
    }

    ImapValue literal() {
        ++p_;
        std::size_t n = 0;
        bool digits = false;
        while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') {
            n = n * 10 + static_cast<std::size_t>(s_[p_++] - '0');
            digits = true;
            if (n > s_.size()) malformed(s_, "short literal");  // also keeps n from wrapping
        }
        if (p_ < s_.size() && s_[p_] == '+') ++p_;
        if (!digits || p_ + 3 > s_.size() || s_[p_] != '}' || s_[p_ + 1] != '\r' || s_[p_ + 2] != '\n')
            malformed(s_, "bad literal");
        p_ += 3;
        if (p_ + n > s_.size()) malformed(s_, "short literal");
        ImapValue v;
        v.kind = ImapValue::Kind::String;
        v.text.assign(s_.substr(p_, n));
        p_ += n;
        return v;
    }

    ImapValue atom() {
        const std::size_t start = p_;
        while (p_ < s_.size()) {
            const char c = s_[p_];
            if (c == '[') {
                // BODY[HEADER.FIELDS (References)]<0>: the section is part of the atom.
                int depth = 0;
                while (p_ < s_.size()) {
                    if (s_[p_] == '[') ++depth;
                    if (s_[p_] == ']' && --depth == 0) break;
                    ++p_;
                }
                if (p_ >= s_.size()) malformed(s_, "unclosed section");
                ++p_;
                continue;
            }
            if (c == ' ' || c == '(' || c == ')' || c == ']' || c == '"' || c == '\r' || c == '\n' || c == '{') break;
            ++p_;
        }
        if (p_ == start) malformed(s_, "empty atom");
        std::string_view text = s_.substr(start, p_ - start);
        if (text.size() == 3 && equalsIgnoreCase(text, "NIL")) return ImapValue{};
        return ImapValue::atom(std::string(text));
    }

    std::string_view s_;
    std::size_t p_ = 0;
    std::vector<ImapValue> scratch_;
};

std::string_view word(Tokenizer& t, std::string_view raw) {
    t.skipSpace();
    std::string_view rest = t.rest();
    std::size_t n = 0;
    while (n < rest.size() && rest[n] != ' ') ++n;
    t.setPos(t.pos() + n);
    (void)raw;
    return rest.substr(0, n);
}

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::vector<ImapValue> parseImapValues(std::string_view raw) {
    Tokenizer t(raw);
    std::vector<ImapValue> out;
    while (!t.atEnd()) out.push_back(t.value());
    return out;
}

ImapResponse parseImapResponse(std::string_view raw) {
    ImapResponse r;
    Tokenizer t(raw);
    if (raw.empty()) malformed(raw, "empty line");
    if (raw[0] == '+') {
        r.type = ImapResponse::Type::Continuation;
        r.text = std::string(raw.size() > 2 ? raw.substr(2) : std::string_view());
        return r;
    }
    std::string_view tag = word(t, raw);
    if (tag == "*") {
        r.type = ImapResponse::Type::Untagged;
    } else {
        r.type = ImapResponse::Type::Tagged;
        r.tag = std::string(tag);
    }
    std::string_view name = word(t, raw);
    if (r.type == ImapResponse::Type::Untagged && allDigits(name)) {
        // RFC 3501 numbers are 32-bit: a larger EXISTS or FETCH number is a lie, not something
        // to truncate (a wrapped EXISTS would make the sync skip or refetch messages).
        if (name.size() > 10 || std::stoull(std::string(name)) > 0xffffffffull) malformed(raw, "number out of range");
        r.hasNumber = true;
        r.number = static_cast<std::uint32_t>(std::stoul(std::string(name)));
        name = word(t, raw);
    }
    if (name.empty()) malformed(raw, "no response name");
    r.name = toUpperAscii(name);
    if (r.isStatus()) {
        t.skipSpace();
        if (!t.rest().empty() && t.rest()[0] == '[') {
            const std::size_t save = t.pos();
            try {
                r.code = t.value();
            } catch (const model::Error&) {
                // An unparseable response code is kept as text rather than failing the command.
                t.setPos(save);
            }
        }
        t.skipSpace();
        r.text = std::string(t.rest());
        return r;
    }
    if (r.name == "CAPABILITY" || r.name == "ENABLED" || r.name == "SEARCH" || r.name == "FLAGS" ||
        r.name == "FETCH" || r.name == "LIST" || r.name == "LSUB" || r.name == "STATUS" || r.name == "ESEARCH" ||
        r.name == "VANISHED") {
        while (!t.atEnd()) r.data.push_back(t.value());
        return r;
    }
    // EXISTS, RECENT, EXPUNGE and anything unknown: keep the rest as text, never fail on it.
    t.skipSpace();
    r.text = std::string(t.rest());
    return r;
}

}  // namespace petrel::net
