#include "net/CertificateInfo.h"

#if defined(_WIN32)
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <array>
#include <cctype>
#include <memory>

#include "model/Error.h"

namespace petrel::net {

namespace {

std::string toHex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 0x0f]);
    }
    return out;
}

struct CrtDeleter {
    void operator()(gnutls_x509_crt_int* crt) const { gnutls_x509_crt_deinit(crt); }
};
using CrtPtr = std::unique_ptr<gnutls_x509_crt_int, CrtDeleter>;

std::string takeDatum(gnutls_datum_t& d) {
    std::string s(reinterpret_cast<const char*>(d.data), d.size);
    gnutls_free(d.data);
    d.data = nullptr;
    return s;
}

std::string ipToText(const std::string& raw) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (raw.size() == 4 && inet_ntop(AF_INET, raw.data(), buf, sizeof buf)) return buf;
    if (raw.size() == 16 && inet_ntop(AF_INET6, raw.data(), buf, sizeof buf)) return buf;
    return {};
}

}  // namespace

CertificateInfo CertificateInfo::fromDer(std::string_view der) {
    gnutls_x509_crt_t raw = nullptr;
    if (gnutls_x509_crt_init(&raw) < 0)
        throw model::Error(model::ErrorKind::Tls, "Out of memory reading a certificate");
    CrtPtr crt(raw);
    gnutls_datum_t datum{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())),
                         static_cast<unsigned>(der.size())};
    if (int rc = gnutls_x509_crt_import(crt.get(), &datum, GNUTLS_X509_FMT_DER); rc < 0)
        throw model::Error(model::ErrorKind::Tls, "The server sent a certificate that cannot be read",
                           gnutls_strerror(rc));

    CertificateInfo info;
    info.sha256 = sha256Hex(der);
    gnutls_datum_t dn{};
    if (gnutls_x509_crt_get_dn3(crt.get(), &dn, 0) >= 0) info.subject = takeDatum(dn);
    if (gnutls_x509_crt_get_issuer_dn3(crt.get(), &dn, 0) >= 0) info.issuer = takeDatum(dn);
    info.notBefore = std::chrono::system_clock::from_time_t(gnutls_x509_crt_get_activation_time(crt.get()));
    info.notAfter = std::chrono::system_clock::from_time_t(gnutls_x509_crt_get_expiration_time(crt.get()));

    for (unsigned seq = 0;; ++seq) {
        std::array<char, 512> buf{};
        std::size_t size = buf.size();
        const int type = gnutls_x509_crt_get_subject_alt_name(crt.get(), seq, buf.data(), &size, nullptr);
        if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
        if (type < 0) continue;  // an oversized or odd entry: skip it, keep listing the others
        if (type == GNUTLS_SAN_DNSNAME)
            info.subjectAltNames.emplace_back(buf.data(), size);
        else if (type == GNUTLS_SAN_IPADDRESS) {
            std::string ip = ipToText(std::string(buf.data(), size));
            if (!ip.empty()) info.subjectAltNames.push_back(std::move(ip));
        }
    }
    return info;
}

std::string sha256Hex(std::string_view bytes) {
    std::array<unsigned char, 32> digest{};
    gnutls_hash_fast(GNUTLS_DIG_SHA256, bytes.data(), bytes.size(), digest.data());
    return toHex(digest.data(), digest.size());
}

std::string normalizeFingerprint(std::string_view text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ':' || std::isspace(u)) continue;
        if (!std::isxdigit(u)) return {};
        out.push_back(static_cast<char>(std::tolower(u)));
    }
    return out.size() == 64 ? out : std::string{};
}

std::string formatFingerprintForDisplay(std::string_view sha256) {
    std::string out;
    for (std::size_t i = 0; i < sha256.size(); i += 2) {
        if (!out.empty()) out.push_back(':');
        out.append(sha256.substr(i, 2));
    }
    return out;
}

}  // namespace petrel::net
