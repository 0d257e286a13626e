#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace petrel::mime {

// One mailbox of an address list: a display name (UTF-8, may be empty) and the address.
struct Address {
    std::string name;
    std::string address;
};

// Splits a list as people type it or as a decoded header shows it ("a@b, \"Doe, J\" <c@d>;
// Name <e@f>"): commas and semicolons outside quotes and angle brackets separate entries.
// strict: throws model::Error(Usage) naming the first entry that is not a usable address;
// otherwise such entries are skipped (headers of received mail).
std::vector<Address> parseAddresses(std::string_view text, bool strict = true);
// The same split without parsing: the entries as typed, trimmed, empty ones dropped.
std::vector<std::string> splitAddressEntries(std::string_view text);

// local@domain with a dot-free or dotted domain, no spaces, no control characters, no brackets.
bool isValidAddress(std::string_view address);

// "Name <addr>" (the name quoted when it holds specials), or just "addr".
std::string formatAddress(const Address& address);

// The part after '@', lower case; empty when there is none.
std::string domainOf(std::string_view address);

// ASCII lower case, for comparing addresses.
std::string lowerAscii(std::string_view s);

}  // namespace petrel::mime
