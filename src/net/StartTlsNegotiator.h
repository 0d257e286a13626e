#pragma once
#include <string>
#include <vmime/net/socket.hpp>
#include <vmime/net/timeoutHandler.hpp>
#include <vmime/net/tracer.hpp>

#include "net/WireProtocol.h"

namespace petrel::net {

// The plaintext half of STARTTLS, done by Petrel's socket instead of by vmime, so the TLS
// session that follows is ours (SNI, our verification) and so that nothing of vmime's runs
// before TLS is up: vmime never sees the plaintext connection at all.
//
//   IMAP  read "* OK" greeting, send "<tag> STARTTLS", wait for the tagged OK
//   POP3  read "+OK" greeting, send "STLS", wait for "+OK"
//   SMTP  read 220 greeting, send EHLO, send STARTTLS, wait for 220
//
// Any refusal is a model::Error(Tls) and the caller closes the connection: there is no
// plaintext fallback, so a server (or a man in the middle) that refuses STARTTLS can never
// receive a password. An IMAP PREAUTH greeting is refused too (it would skip STARTTLS; the
// classic downgrade). Bytes the server sends after its "go ahead" line, before the TLS
// handshake, are refused as an injection attempt (CVE-2011-0411 class) instead of being
// read later as if they had come through TLS.
//
// negotiate() returns the greeting for vmime to read through TLS as if the connection had just
// opened: the server never repeats its greeting after STARTTLS, yet vmime's protocol code
// starts by reading one. For IMAP the [CAPABILITY ...] code is cut out of it: the list was sent
// before TLS and must not be trusted (RFC 3501 §6.2.1); vmime then asks again inside TLS.
class StartTlsNegotiator {
public:
    StartTlsNegotiator(WireProtocol protocol, vmime::net::socket& socket,
                       vmime::shared_ptr<vmime::net::timeoutHandler> timeoutHandler,
                       vmime::shared_ptr<vmime::net::tracer> tracer, std::string heloName = "localhost");

    std::string negotiate();

    // Exposed for unit tests: "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi" -> "* OK hi".
    static std::string stripImapCapabilityCode(const std::string& greetingLine);

private:
    std::string readLine();
    void sendLine(const std::string& line);
    void requireNothingBuffered();
    std::string negotiateImap();
    std::string negotiatePop3();
    std::string negotiateSmtp();
    std::string readSmtpReply(std::string& code);

    WireProtocol protocol_;
    vmime::net::socket& socket_;
    vmime::shared_ptr<vmime::net::timeoutHandler> timeoutHandler_;
    vmime::shared_ptr<vmime::net::tracer> tracer_;
    std::string heloName_;
    std::string buffer_;
};

}  // namespace petrel::net
