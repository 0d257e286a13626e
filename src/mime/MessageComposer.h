#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/OutgoingMessage.h"

namespace petrel::mime {

struct ComposeSettings {
    std::string from;       // "Name <address>" (the account's identity when the message has none)
    std::string userAgent;  // "Petrel/<version>"
    std::int64_t date = 0;  // seconds since the epoch; 0 = now
    std::string messageId;  // "<...>"; empty = a new one in the sender's domain
    // Drafts and the outbox copy (which becomes the Sent copy) keep Bcc in the header so the
    // sender still sees it; what recipients get never has it (see withoutBcc).
    bool keepBcc = false;
    bool requireRecipient = true;
};

struct ComposedMessage {
    std::string raw;  // RFC 5322 bytes, CRLF line ends
    std::string messageId;
    std::string envelopeFrom;             // the From address
    std::vector<std::string> recipients;  // To, Cc and Bcc addresses, each once
};

// Builds the MIME message with vmime: text/plain; charset=utf-8; format=flowed (7bit when the
// text is ASCII with short lines, else quoted-printable), multipart/mixed with base64
// attachments when there are any (a message/rfc822 attachment goes unencoded, as RFC 2046
// requires), RFC 2047 header words, RFC 2231 file names, Date, Message-ID, MIME-Version,
// User-Agent, In-Reply-To and References. Attachments given by path are streamed from the file
// while the message is generated. Throws model::Error: Usage for a bad address or no
// recipient, Storage for an unreadable attachment.
ComposedMessage composeMessage(const model::OutgoingMessage& message, const ComposeSettings& settings);

// The message without its top-level Bcc field (folded lines included): what goes over SMTP
// when the stored copy keeps Bcc for the sender's own records.
std::string withoutBcc(std::string_view raw);

// A MIME type for a file name by its extension; application/octet-stream when unknown.
std::string guessContentType(std::string_view fileName);

// "<random.time@domain>": 128 random bits, so ids never repeat across processes.
std::string newMessageId(std::string_view domain);

}  // namespace petrel::mime
