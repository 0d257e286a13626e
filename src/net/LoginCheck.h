#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "net/CertificateInfo.h"
#include "net/ConnectOptions.h"
#include "net/WireProtocol.h"

namespace petrel::net {

// What a successful test login learned.
struct LoginResult {
    std::vector<std::string> capabilities;  // IMAP CAPABILITY after login; POP3 CAPA
    CertificateInfo certificate;            // empty for a plaintext connection
    std::uint64_t bytesSent = 0;            // wire bytes of the whole check, TLS included
    std::uint64_t bytesReceived = 0;
};

// Connects, logs in, reads the capabilities and disconnects cleanly (LOGOUT / QUIT): the
// "Test account" button and `petrel-cli account test`. Throws model::Error on failure; a
// refused certificate is a TlsTrustError (kind Tls) carrying the server's certificate.
LoginResult testLogin(const model::AccountConfig& account, const std::string& password,
                      const ConnectOptions& options = {});

// Fetches the server certificate without logging in and without judging it: for the
// "trust this certificate?" question and for printing the fingerprint to pin. For STARTTLS
// endpoints `protocol` selects the upgrade dialogue; implicit TLS ignores it. Throws
// model::Error (Usage for a plaintext endpoint: there is no certificate to fetch).
CertificateInfo probeCertificate(const model::ServerEndpoint& endpoint,
                                 WireProtocol protocol = WireProtocol::Imap,
                                 const ConnectOptions& options = {});

}  // namespace petrel::net
