#include "net/TrustVerifier.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <chrono>
#include <cstring>

#include "model/Error.h"
#include "net/TlsTrustError.h"

namespace petrel::net {

namespace {

// Owns the parsed chain for one verification.
class ParsedChain {
public:
    explicit ParsedChain(const std::vector<std::string>& der) {
        for (const auto& d : der) {
            gnutls_x509_crt_t crt = nullptr;
            if (gnutls_x509_crt_init(&crt) < 0) throw model::Error(model::ErrorKind::Tls, "Out of memory");
            gnutls_datum_t datum{reinterpret_cast<unsigned char*>(const_cast<char*>(d.data())),
                                 static_cast<unsigned>(d.size())};
            if (gnutls_x509_crt_import(crt, &datum, GNUTLS_X509_FMT_DER) < 0) {
                gnutls_x509_crt_deinit(crt);
                ok_ = false;
                return;
            }
            certs_.push_back(crt);
        }
    }
    ~ParsedChain() {
        for (auto* c : certs_) gnutls_x509_crt_deinit(c);
    }
    ParsedChain(const ParsedChain&) = delete;
    ParsedChain& operator=(const ParsedChain&) = delete;

    bool ok() const { return ok_ && !certs_.empty(); }
    gnutls_x509_crt_t* data() { return certs_.data(); }
    unsigned size() const { return static_cast<unsigned>(certs_.size()); }
    gnutls_x509_crt_t leaf() const { return certs_.front(); }

private:
    std::vector<gnutls_x509_crt_t> certs_;
    bool ok_ = true;
};

// "[::1]" and "mail.example.org." are how people write hosts; certificates hold "::1" and
// "mail.example.org".
std::string canonicalHost(std::string_view host) {
    std::string h(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    while (!h.empty() && h.back() == '.') h.pop_back();
    return h;
}

void append(std::string& reason, const std::string& part) {
    if (!reason.empty()) reason += "; ";
    reason += part;
}

std::string dateText(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace

TrustVerifier::TrustVerifier() : TrustVerifier(Options{}) {}

TrustVerifier::TrustVerifier(const Options& options) {
    if (gnutls_x509_trust_list_init(&list_, 0) < 0)
        throw model::Error(model::ErrorKind::Tls, "Cannot create the TLS trust list");
    // A missing or empty system bundle is not an error here: every unpinned server is then
    // refused with "not trusted", which is the safe outcome and says what to do.
    if (options.useSystemTrust) gnutls_x509_trust_list_add_system_trust(list_, 0, 0);
    for (const auto& pem : options.extraAnchorsPem) {
        gnutls_datum_t datum{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())),
                             static_cast<unsigned>(pem.size())};
        if (gnutls_x509_trust_list_add_trust_mem(list_, &datum, nullptr, GNUTLS_X509_FMT_PEM, 0, 0) <= 0) {
            gnutls_x509_trust_list_deinit(list_, 1);
            throw model::Error(model::ErrorKind::Usage, "An extra trust anchor is not a PEM certificate");
        }
    }
}

TrustVerifier::~TrustVerifier() {
    gnutls_x509_trust_list_deinit(list_, 1);
}

std::shared_ptr<const TrustVerifier> TrustVerifier::system() {
    static const std::shared_ptr<const TrustVerifier> instance = std::make_shared<TrustVerifier>();
    return instance;
}

TrustVerdict TrustVerifier::evaluate(const std::vector<std::string>& derChain, std::string_view host,
                                     std::string_view pinnedSha256) const {
    TrustVerdict verdict;
    verdict.host = canonicalHost(host);
    if (derChain.empty()) {
        verdict.problem = TrustProblem::NoCertificate;
        verdict.reason = "no certificate";
        return verdict;
    }
    try {
        verdict.leaf = CertificateInfo::fromDer(derChain.front());
    } catch (const model::Error& e) {
        verdict.problem = TrustProblem::NoCertificate;
        verdict.reason = e.what();
        return verdict;
    }

    if (!pinnedSha256.empty()) {
        const std::string pin = normalizeFingerprint(pinnedSha256);
        if (!pin.empty() && pin == verdict.leaf.sha256) {
            verdict.trusted = true;
            verdict.byPin = true;
            verdict.reason = "pinned SHA-256 fingerprint matches";
            return verdict;
        }
        verdict.problem = TrustProblem::Changed;
        verdict.reason = "expected SHA-256 " + (pin.empty() ? std::string(pinnedSha256) : pin);
        return verdict;
    }

    verifyChain(derChain, verdict.host, verdict);
    return verdict;
}

void TrustVerifier::verifyChain(const std::vector<std::string>& derChain, const std::string& host,
                                TrustVerdict& verdict) const {
    ParsedChain chain(derChain);
    if (!chain.ok()) {
        verdict.problem = TrustProblem::NoCertificate;
        verdict.reason = "a certificate in the chain cannot be read";
        return;
    }

    gnutls_typed_vdata_st data[2];
    std::memset(data, 0, sizeof data);
    data[0].type = GNUTLS_DT_DNS_HOSTNAME;  // a textual IP address is matched as an IP (GnuTLS ≥ 3.6)
    data[0].data = reinterpret_cast<unsigned char*>(const_cast<char*>(host.c_str()));
    data[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
    data[1].data = reinterpret_cast<unsigned char*>(const_cast<char*>(GNUTLS_KP_TLS_WWW_SERVER));

    unsigned status = 0;
    int rc;
    {
        std::lock_guard lock(mutex_);
        rc = gnutls_x509_trust_list_verify_crt2(list_, chain.data(), chain.size(), data, 2, 0, &status,
                                                nullptr);
    }
    if (rc < 0) {
        verdict.problem = TrustProblem::Other;
        verdict.reason = std::string("verification failed: ") + gnutls_strerror(rc);
        return;
    }

    // The hostname is checked again on its own so the reason names every problem, not only
    // the first one GnuTLS stopped at (an untrusted chain is reported without the name check).
    const bool nameOk = gnutls_x509_crt_check_hostname2(chain.leaf(), host.c_str(), 0) != 0;
    if (status == 0 && nameOk) {
        verdict.trusted = true;
        verdict.reason = "verified against the trusted authorities";
        return;
    }

    const auto now = std::chrono::system_clock::now();
    std::string reason;
    TrustProblem problem = TrustProblem::Other;
    auto note = [&](TrustProblem p, const std::string& text) {
        if (problem == TrustProblem::Other) problem = p;
        append(reason, text);
    };
    if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
        note(TrustProblem::BadSignature, "a signature in the chain does not verify");
    if (status & GNUTLS_CERT_SIGNER_NOT_CA)
        note(TrustProblem::SignerNotCa, "issued by a certificate that is not a certificate authority");
    if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
        note(TrustProblem::NotTrusted,
             verdict.leaf.subject == verdict.leaf.issuer ? "self-signed" : "issued by an unknown authority");
    if ((status & GNUTLS_CERT_EXPIRED) || now > verdict.leaf.notAfter)
        note(TrustProblem::Expired, "expired on " + dateText(verdict.leaf.notAfter));
    if ((status & GNUTLS_CERT_NOT_ACTIVATED) || now < verdict.leaf.notBefore)
        note(TrustProblem::NotYetValid, "not valid before " + dateText(verdict.leaf.notBefore));
    if ((status & GNUTLS_CERT_UNEXPECTED_OWNER) || !nameOk)
        note(TrustProblem::HostMismatch, "issued for another name than " + host);
    if (status & GNUTLS_CERT_REVOKED) note(TrustProblem::Other, "revoked");
    if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
        note(TrustProblem::Other, "signed with an insecure algorithm");
    if (status & GNUTLS_CERT_PURPOSE_MISMATCH) note(TrustProblem::Other, "not issued for TLS servers");
    if (status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
        note(TrustProblem::Other, "issuer constraints violated");
    if (status & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS) note(TrustProblem::Other, "unknown critical extension");
    if (reason.empty()) {
        gnutls_datum_t out{};
        if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) >= 0) {
            reason.assign(reinterpret_cast<const char*>(out.data), out.size);
            gnutls_free(out.data);
        } else {
            reason = "not trusted";
        }
    }
    verdict.problem = problem;
    verdict.reason = reason;
}

TrustVerdict TrustVerifier::require(const std::vector<std::string>& derChain, std::string_view host,
                                    std::string_view pinnedSha256) const {
    TrustVerdict v = evaluate(derChain, host, pinnedSha256);
    if (!v.trusted) throw TlsTrustError(v);
    return v;
}

}  // namespace petrel::net
