#pragma once
#include <string>

#include "support/MailServer.h"

namespace petrel::testing {

// Delivers one message to `user` through the test Postfix (plain SMTP, no AUTH), as mail from
// outside arrives; Message-ID <subject@example.org>. Throws std::runtime_error on any reply but
// the expected one, with the server's whole reply.
void deliverOverSmtp(const TestUser& user, const std::string& subject,
                     const std::string& body = "New mail for the watch.");

}  // namespace petrel::testing
