#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace petrel::store {

class Db;

// Addresses people wrote to or received from, out of the index's From/To/Cc columns, for
// completing what the user types. Found through the FTS index (a prefix query on the address
// columns), then matched exactly here: a word of the name or the address itself must start
// with the prefix (case-insensitive). Most frequent first; one entry per address (the name
// seen most often with it).
class AddressBook {
public:
    explicit AddressBook(Db& db) : db_(db) {}

    std::vector<std::string> complete(const std::string& prefix, std::size_t limit);

private:
    Db& db_;
};

}  // namespace petrel::store
