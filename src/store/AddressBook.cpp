#include "store/AddressBook.h"

#include <algorithm>
#include <map>

#include "mime/AddressList.h"
#include "store/Db.h"
#include "store/Stmt.h"

namespace petrel::store {
namespace {

bool isWordChar(unsigned char c) {
    return std::isalnum(c) || c >= 0x80;
}

// The first word of the prefix, as the FTS tokenizer (unicode61) would cut it.
std::string firstToken(const std::string& prefix) {
    std::string token;
    for (const char c : prefix) {
        if (isWordChar(static_cast<unsigned char>(c))) {
            token += c;
        } else if (!token.empty()) {
            break;
        }
    }
    return token;
}

bool startsWithWord(const std::string& haystack, const std::string& lowerPrefix) {
    const std::string lower = mime::lowerAscii(haystack);
    if (lower.rfind(lowerPrefix, 0) == 0) return true;
    for (std::size_t i = 1; i < lower.size(); ++i) {
        if (!isWordChar(static_cast<unsigned char>(lower[i - 1])) &&
            lower.compare(i, lowerPrefix.size(), lowerPrefix) == 0)
            return true;
    }
    return false;
}

}  // namespace

std::vector<std::string> AddressBook::complete(const std::string& prefix, std::size_t limit) {
    const std::string token = firstToken(prefix);
    if (token.empty() || limit == 0) return {};
    const std::string lowerPrefix = mime::lowerAscii(prefix);
    struct Seen {
        std::size_t count = 0;
        std::map<std::string, std::size_t> names;
        std::string address;
    };
    std::map<std::string, Seen> byAddress;
    Stmt st = db_.prepare(
        "SELECT m.from_addr, m.to_addr, m.cc_addr FROM message_fts JOIN messages m ON m.id = "
        "message_fts.rowid "
        "WHERE message_fts MATCH ?1 LIMIT 5000");
    std::string query = "{from_addr to_addr cc_addr} : \"";
    for (const char c : token) query += (c == '"') ? std::string("\"\"") : std::string(1, c);
    query += "\"*";
    st.bind(1, query);
    while (st.step()) {
        for (int column = 0; column < 3; ++column) {
            for (const auto& a : mime::parseAddresses(st.getText(column), false)) {
                if (!startsWithWord(a.name, lowerPrefix) &&
                    mime::lowerAscii(a.address).rfind(lowerPrefix, 0) != 0)
                    continue;
                auto& seen = byAddress[mime::lowerAscii(a.address)];
                ++seen.count;
                seen.address = a.address;
                if (!a.name.empty()) ++seen.names[a.name];
            }
        }
    }
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& [key, seen] : byAddress) {
        std::string name;
        std::size_t best = 0;
        for (const auto& [n, c] : seen.names)
            if (c > best) best = c, name = n;
        ranked.emplace_back(seen.count, mime::formatAddress({name, seen.address}));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (const auto& r : ranked) {
        if (out.size() >= limit) break;
        out.push_back(r.second);
    }
    return out;
}

}  // namespace petrel::store
