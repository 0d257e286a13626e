#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace petrel::model {

enum class Protocol { Imap, Pop3 };
// Tls = implicit TLS from the first byte (993/995/465); StartTls = upgrade required, never
// optional; Plain = no TLS at all, only with allowPlaintext.
enum class Security { Tls, StartTls, Plain };
enum class Pop3Mode { Keep, Delete };
enum class DeletePolicy { MoveToTrash, ExpungeNow };

struct ServerEndpoint {
    std::string host;
    std::uint16_t port = 0;
    Security security = Security::Tls;
    // SHA-256 of the DER certificate, lowercase hex without colons; empty = rely on system CAs.
    std::string trustFingerprint;
};

// An account's configuration: what the index stores. Never a password: that lives in the
// OS keyring or is produced by passwordCommand on demand.
struct AccountConfig {
    std::int64_t id = 0;
    std::string name;
    Protocol protocol = Protocol::Imap;
    ServerEndpoint incoming;
    std::string user;
    std::string passwordCommand;  // when non-empty, run to obtain the password instead of the keyring
    bool allowPlaintext = false;
    bool compress = true;  // COMPRESS=DEFLATE when offered
    std::uint32_t bodyCapBytes = 64 * 1024;
    bool markReadOnOpen = false;
    DeletePolicy deletePolicy = DeletePolicy::MoveToTrash;
    std::uint32_t checkIntervalSeconds = 300;

    // POP3 only.
    Pop3Mode pop3Mode = Pop3Mode::Keep;
    std::uint32_t leaveDays = 0;  // 0 = leave forever (keep mode)
    bool deleteOnLocalDelete = false;
    std::uint32_t pop3SizeLimitKb = 0;  // 0 = no limit; larger messages stay header-only

    // Sending.
    std::string fromAddress;  // "Name <address>"
    std::string signature;    // plain text, without the "-- " line (mime::withSignature adds it)
    std::optional<ServerEndpoint> smtp;
};

std::uint16_t defaultPort(Protocol protocol, Security security);
std::uint16_t defaultSmtpPort(Security security);

std::string toString(Protocol p);
std::string toString(Security s);
std::string toString(Pop3Mode m);
std::optional<Protocol> protocolFromString(const std::string& s);
std::optional<Security> securityFromString(const std::string& s);
std::optional<Pop3Mode> pop3ModeFromString(const std::string& s);

}  // namespace petrel::model
