#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/MessageSummary.h"
#include "model/PartInfo.h"

namespace petrel::mime {

// A whole stored message (e.g. POP3 mail) as the index and the viewer need it.
struct ParsedMessage {
    model::MessageSummary summary;      // header fields, size, hasAttachment, bodyStructure
    std::vector<model::PartInfo> parts;  // leaves in order, IMAP section numbers
    std::string text;                   // the displayable text part, UTF-8, capped
    std::string textType;               // "plain", "html" or empty when there is none
    std::string textSection;            // its section, empty when none
    bool textPartial = false;           // text stops at the cap or the message was cut short
    std::uint64_t textRemaining = 0;    // decoded bytes beyond the cap
};

// Limits on what a message may make the parser do (DESIGN §4: hostile mail crashed vmime 0.9.2).
// The MIME tree is split here, not by vmime; vmime only ever sees single Content-Type /
// Content-Disposition / Date values of bounded length and RFC 2047 header text (also bounded).
struct ParseLimits {
    std::size_t maxHeaderBytes = 256 * 1024;  // header block of one entity; fields beyond are ignored
    std::size_t maxFieldBytes = 16 * 1024;    // one field value
    std::size_t maxDepth = 16;                // multipart nesting
    std::size_t maxParts = 500;
};

// Parses raw RFC 5322 bytes (CRLF or LF line ends). `truncated`: the bytes are only the start of
// the message (POP3 TOP n L); the text is then partial. Never throws for malformed mail.
ParsedMessage parseMessage(std::string_view raw, std::size_t textCap, bool truncated = false,
                           const ParseLimits& limits = {});

// Only From, To, Cc, Subject, Date, Message-ID of a header block (what a browse list shows):
// no MIME work at all, so it stays cheap for 10,000 TOP n 0 answers.
model::MessageSummary parseHeaderSummary(std::string_view raw, const ParseLimits& limits = {});

// The content of one leaf part by IMAP section ("1", "2.1"); `decode` undoes the transfer
// encoding. nullopt when the message has no such part.
std::optional<std::string> extractPart(std::string_view raw, const std::string& section, bool decode,
                                       const ParseLimits& limits = {});

}  // namespace petrel::mime
