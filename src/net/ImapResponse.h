#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/ImapValue.h"

namespace petrel::net {

// One parsed server response (RFC 3501 §7), literals included.
struct ImapResponse {
    enum class Type { Untagged, Tagged, Continuation };
    Type type = Type::Untagged;
    std::string tag;        // tagged responses only
    bool hasNumber = false;  // "* 12 FETCH ...", "* 3 EXISTS"
    std::uint32_t number = 0;
    // Upper case: OK/NO/BAD/BYE/PREAUTH for status responses, else the data name (FETCH, LIST,
    // SEARCH, ESEARCH, EXISTS, FLAGS, CAPABILITY, STATUS, ...).
    std::string name;
    ImapValue code;                // [...] response code of a status response (a bracket list), else Nil
    std::string text;              // human text of a status or continuation response
    std::vector<ImapValue> data;   // tokens after the name

    bool isStatus() const { return name == "OK" || name == "NO" || name == "BAD" || name == "BYE" || name == "PREAUTH"; }
};

// The tokenizer: `raw` is one complete response without its final CRLF; literals ({n}CRLF
// followed by n bytes) appear inline, as ImapResponseReader delivers them. Throws
// model::Error(Protocol) on malformed input.
ImapResponse parseImapResponse(std::string_view raw);

// Tokens of a list of values (used for response text that is data, and by tests).
std::vector<ImapValue> parseImapValues(std::string_view raw);

}  // namespace petrel::net
