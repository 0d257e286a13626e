#include "net/ImapCommand.h"

#include "mime/ModifiedUtf7.h"

namespace petrel::net {

std::string imapQuoted(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80 || b == '\r' || b == '\n' || b == 0) return {};
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

ImapCommand::ImapCommand(std::string_view verb) {
    pieces_.push_back({std::string(verb), {}, false});
}

ImapCommand& ImapCommand::add(std::string_view text) {
    pieces_.back().text += ' ';
    pieces_.back().text += text;
    return *this;
}

ImapCommand& ImapCommand::addString(std::string_view value) {
    std::string q = imapQuoted(value);
    if (!q.empty()) return add(q);
    pieces_.back().text += ' ';
    pieces_.back().literal = std::string(value);
    pieces_.back().hasLiteral = true;
    pieces_.push_back({});
    return *this;
}

ImapCommand& ImapCommand::addMailbox(std::string_view utf8Name) {
    return addString(mime::encodeModifiedUtf7(utf8Name));
}

std::string ImapCommand::describe() const {
    std::string out;
    for (const auto& p : pieces_) {
        out += p.text;
        if (p.hasLiteral) out += "{" + std::to_string(p.literal.size()) + "}";
    }
    return out;
}

}  // namespace petrel::net
