#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/OutgoingMessage.h"
#include "net/WireBytes.h"

namespace petrel::engine {

// Composing and sending, shared by the GUI's compose window and `petrel-cli send`. Every
// function runs inside a job on the account's worker and throws model::Error. Wire bytes are
// booked under "send" (SMTP, the Sent copy) and "open" (reading an original for reply/forward).
// `password`: one the user just typed; nullopt = the account's password source. SMTP logs in
// with the account's user and password and verifies the SMTP server's certificate the same way
// as the incoming server's (system CAs, host name, SNI, smtp->trustFingerprint pin).

enum class SendOutcome {
    Sent,    // the SMTP server accepted it; the Sent copy is stored
    Queued,  // offline or the server unreachable: waits in the outbox, sent by flushOutbox
};

struct SendResult {
    std::int64_t outboxId = 0;
    SendOutcome outcome = SendOutcome::Queued;
    std::string messageId;     // the Message-ID header the message carries
    std::string sentFolder;    // where the Sent copy went ("" when queued)
    std::uint32_t sentUid = 0; // its UID there, 0 when unknown or queued
    std::string message;       // a sentence for the user
    net::WireBytes bytes;
};

// Builds the MIME message, commits it to the outbox, then (unless `queueOnly`) sends it at once.
// A Network error (also a 4xx reply) queues it instead of failing; a Protocol refusal (the
// server's reason in the message, e.g. "550 5.1.1 ... User unknown") leaves it in the outbox as
// failed and throws. An Auth or Tls error (password, certificate: the account's problem, not
// the message's) removes it from the outbox again and throws, so that withUserDecisions, which
// asks the user and then runs the whole send again, does not leave a duplicate behind; nothing
// was sent, and the compose window (or the command line) still has the message. An untrusted
// SMTP certificate is a net::SmtpTlsTrustError: withUserDecisions pins smtp->trustFingerprint.
// The outbox copy (and so the Sent copy) keeps Bcc; the SMTP server gets the message without it.
SendResult sendMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                       const model::OutgoingMessage& message, bool queueOnly = false,
                       const std::optional<std::string>& password = {});

struct OutboxFlushResult {
    std::uint32_t sent = 0;
    std::uint32_t stillQueued = 0;
    std::uint32_t failed = 0;
    std::vector<std::string> errors;  // one sentence per failed item
    net::WireBytes bytes;
};

// Sends what waits in the account's outbox, oldest first. An item a killed process left in
// "sending" is never sent twice: when its Message-ID is in Sent it counts as sent, otherwise it
// is held as failed ("interrupted ...") until the user retries it (store::Outbox::retry, then
// flush). Items sent earlier whose Sent copy failed get their copy now. Auth/Tls errors throw
// (the items stay pending, for withUserDecisions to retry); other refusals mark the item failed
// and the flush goes on; an unreachable server stops it with the rest still queued.
OutboxFlushResult flushOutbox(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                              const std::optional<std::string>& password = {});

enum class ReplyKind { Sender, All };
enum class ForwardKind { Inline, AsAttachment };

// A reply prefilled from a stored message: recipients, "Re: " (never piled up), quoted text
// with an attribution line, In-Reply-To and References. Fetches the text part if not cached.
model::OutgoingMessage prepareReply(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                    const std::string& folderPath, std::uint32_t uid, ReplyKind kind,
                                    const std::optional<std::string>& password = {});

// A forward: "Fwd: ", the original inline (text and its attachments) or as a message/rfc822
// attachment.
model::OutgoingMessage prepareForward(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                      const std::string& folderPath, std::uint32_t uid, ForwardKind kind,
                                      const std::optional<std::string>& password = {});

// Stores the draft (IMAP: APPEND to the Drafts folder with \Draft; POP3: the local Drafts
// folder) and removes message.replacesDraft. Returns where it now lives.
model::DraftRef saveDraft(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const model::OutgoingMessage& message, const std::optional<std::string>& password = {});

// Reads a stored draft back into what the compose window edits (replacesDraft set to it).
model::OutgoingMessage openDraft(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                 const model::DraftRef& draft, const std::optional<std::string>& password = {});

// Addresses seen in the index (From/To/Cc of every account) that start with `prefix`
// (name or address, case-insensitive), most used first. Reads the index only; any thread with
// its own read connection may call it.
std::vector<std::string> completeAddresses(const Profile& profile, const std::string& prefix, std::size_t limit = 10);

// Checks one address list as typed ("a@b, Name <c@d>"); returns the addresses or throws a Usage
// error naming the first bad one.
std::vector<std::string> parseAddressList(const std::string& typed);

}  // namespace petrel::engine
