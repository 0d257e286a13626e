#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace petrel::model {

// A file to attach. Either `path` (read when the message is built, so a large file is never
// held twice) or `data` (bytes carried over, e.g. an original message forwarded as attachment).
struct OutgoingAttachment {
    std::string path;
    std::string data;
    std::string fileName;     // what recipients see (RFC 2231); empty = the base name of `path`
    std::string contentType;  // empty = guessed from the file name
    std::uint64_t size = 0;   // for display; the builder uses the real size
};

// Where a draft lives: an IMAP folder (Drafts) or a local folder (POP3 accounts), by UID.
struct DraftRef {
    std::string folderPath;
    std::uint32_t uid = 0;
    bool valid() const { return uid != 0; }
};

// What the user composed, before it becomes MIME. Addresses are "Name <addr>" or "addr",
// UTF-8; the builder encodes (RFC 2047 headers, RFC 2231 names, format=flowed body).
struct OutgoingMessage {
    std::int64_t accountId = 0;
    std::string from;  // empty = the account's identity (fromAddress, else its user)
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::vector<std::string> bcc;
    std::string subject;
    std::string body;  // plain text, UTF-8, '\n' line ends; the signature already in it
    std::vector<OutgoingAttachment> attachments;
    std::string inReplyTo;   // "<id@host>" of the message answered, or empty
    std::string references;  // space separated "<id>" list, oldest first
    DraftRef replacesDraft;  // the draft this came from: removed once saved anew or sent
};

}  // namespace petrel::model
