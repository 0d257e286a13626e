#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/Flags.h"
#include "model/MessageSummary.h"
#include "net/ImapResponse.h"

namespace petrel::net {

// A FETCH response of the header sync (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE
// BODYSTRUCTURE BODY[HEADER.FIELDS (REFERENCES)]) as a MessageSummary: addresses and subject
// decoded (RFC 2047), structure serialized (mime::serializeParts). folderId is left 0.
// nullopt when the response carries no UID.
std::optional<model::MessageSummary> summaryFromFetch(const ImapResponse& fetch);

// FLAGS list → our bits; keywords other than $Forwarded go to `keywords` (space separated).
model::Flags flagsFromList(const ImapValue& list, std::string* keywords = nullptr);
// "\\Seen \\Flagged" for a STORE command.
std::string flagsToImap(model::Flags flags);

// RFC 5322 date ("Tue, 1 Jul 2003 10:52:37 +0200", obsolete zones too) → Unix time; 0 if unreadable.
std::int64_t parseMessageDate(std::string_view text);
// IMAP INTERNALDATE ("17-Jul-1996 02:44:25 -0700") → Unix time; 0 if unreadable.
std::int64_t parseInternalDate(std::string_view text);

}  // namespace petrel::net
