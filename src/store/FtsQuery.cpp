#include "store/FtsQuery.h"

#include <vector>

namespace petrel::store {

namespace {

// Control characters (NUL included) separate words too: they carry no searchable text.
bool isSeparator(char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }

// The unicode61 tokenizer splits on ASCII punctuation; a word made only of that would become an
// empty phrase, which FTS5 treats inconsistently (it matches nothing under explicit AND).
bool hasTokenCharacter(const std::string& word) {
    for (unsigned char c : word) {
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    }
    return false;
}

}  // namespace

std::string buildFtsQuery(const std::string& userInput) {
    std::vector<std::string> words;
    std::string current;
    for (char c : userInput) {
        if (isSeparator(c)) {
            if (!current.empty()) words.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    const bool endsInSpace = current.empty();
    if (!current.empty()) words.push_back(std::move(current));

    std::string query;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (!hasTokenCharacter(word)) continue;
        if (!query.empty()) query += ' ';
        query += '"';
        for (char c : word) {
            if (c == '"') query += '"';  // FTS5 escapes a quote inside a string by doubling it
            query += c;
        }
        query += '"';
        if (i + 1 == words.size() && !endsInSpace) query += '*';
    }
    return query;
}

}  // namespace petrel::store
