#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::net {

// One token of an IMAP response: an atom (numbers and flags included), a string (quoted or
// literal, already unescaped), NIL, or a parenthesised / bracketed list.
struct ImapValue {
    enum class Kind { Nil, Atom, String, List };
    Kind kind = Kind::Nil;
    bool bracket = false;  // a [...] list (response codes)
    std::string text;
    std::vector<ImapValue> items;

    static ImapValue atom(std::string s) { return {Kind::Atom, false, std::move(s), {}}; }
    static ImapValue string(std::string s) { return {Kind::String, false, std::move(s), {}}; }

    bool isNil() const { return kind == Kind::Nil; }
    bool isList() const { return kind == Kind::List; }
    bool isString() const { return kind == Kind::String || kind == Kind::Atom; }
    // Atom or string text; empty for NIL and lists.
    const std::string& str() const;
    // Atom as an unsigned number; 0 when it is not one.
    std::uint64_t number() const;
    // In a key/value list (FETCH data, STATUS), the value after the atom `key` (case-insensitive);
    // null when absent.
    const ImapValue* get(std::string_view key) const;
    std::size_t size() const { return items.size(); }
    const ImapValue& operator[](std::size_t i) const;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toUpperAscii(std::string_view s);

}  // namespace petrel::net
