#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace petrel::net {

// A command being built: atoms as given, strings quoted when that is safe and sent as literals
// otherwise (8-bit, CR/LF, quotes in UTF-8 search terms). The tag is added by ImapSession.
class ImapCommand {
public:
    // The command text up to a literal, then the literal's bytes (empty for the last piece).
    struct Piece {
        std::string text;
        std::string literal;
        bool hasLiteral = false;
    };

    explicit ImapCommand(std::string_view verb);
    // Appends " text" (text as is: atoms, sequence sets, parenthesised item lists).
    ImapCommand& add(std::string_view text);
    // Appends " <string>", quoted or as a literal.
    ImapCommand& addString(std::string_view value);
    // A mailbox name given in UTF-8: modified UTF-7, then as a string.
    ImapCommand& addMailbox(std::string_view utf8Name);

    const std::vector<Piece>& pieces() const { return pieces_; }
    // The command as one line for traces and errors (literals shown as {n}).
    std::string describe() const;

private:
    std::vector<Piece> pieces_;
};

// A quoted string when every byte allows it, else empty.
std::string imapQuoted(std::string_view value);

}  // namespace petrel::net
