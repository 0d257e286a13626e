#include "support/SmtpDelivery.h"

#include <stdexcept>

#include "support/TcpClient.h"

namespace petrel::testing {
namespace {

void smtpExpect(TcpClient& c, const std::string& code) {
    std::string all;
    for (;;) {
        const std::string line = c.readLine();
        all += line + "\n";
        if (line.size() < 4 || line[3] != '-') {
            if (line.rfind(code, 0) != 0) throw std::runtime_error("SMTP: expected " + code + ", got:\n" + all);
            return;
        }
    }
}

}  // namespace

void deliverOverSmtp(const TestUser& user, const std::string& subject, const std::string& body) {
    auto& s = MailServer::instance();
    TcpClient smtp(s.host(), s.smtpPort());
    smtpExpect(smtp, "220");
    smtp.sendLine("EHLO client.example.org");
    smtpExpect(smtp, "250");
    smtp.sendLine("MAIL FROM:<sender@example.org>");
    smtpExpect(smtp, "250");
    smtp.sendLine("RCPT TO:<" + user.address + ">");
    smtpExpect(smtp, "250");
    smtp.sendLine("DATA");
    smtpExpect(smtp, "354");
    smtp.send("From: Sender <sender@example.org>\r\nTo: <" + user.address + ">\r\nSubject: " + subject +
              "\r\nMessage-ID: <" + subject + "@example.org>\r\n\r\n" + body + "\r\n.\r\n");
    smtpExpect(smtp, "250");
    smtp.sendLine("QUIT");
    smtpExpect(smtp, "221");
}

}  // namespace petrel::testing
