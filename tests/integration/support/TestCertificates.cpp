#include "support/TestCertificates.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <atomic>
#include <ctime>
#include <memory>
#include <stdexcept>

namespace petrel::testing {
namespace {

void check(int rc, const char* what) {
    if (rc < 0) throw std::runtime_error(std::string("test certificate: ") + what + ": " + gnutls_strerror(rc));
}

struct Key {
    gnutls_x509_privkey_t k = nullptr;
    Key() {
        check(gnutls_x509_privkey_init(&k), "privkey_init");
        check(gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
              "generate");
    }
    ~Key() { gnutls_x509_privkey_deinit(k); }
    Key(const Key&) = delete;
    Key& operator=(const Key&) = delete;
    std::string pem() const {
        gnutls_datum_t d{};
        check(gnutls_x509_privkey_export2(k, GNUTLS_X509_FMT_PEM, &d), "export key");
        std::string s(reinterpret_cast<char*>(d.data), d.size);
        gnutls_free(d.data);
        return s;
    }
};

struct Cert {
    gnutls_x509_crt_t c = nullptr;
    Cert() { check(gnutls_x509_crt_init(&c), "crt_init"); }
    ~Cert() { gnutls_x509_crt_deinit(c); }
    Cert(const Cert&) = delete;
    Cert& operator=(const Cert&) = delete;
    std::string pem() const { return exported(GNUTLS_X509_FMT_PEM); }
    std::string der() const { return exported(GNUTLS_X509_FMT_DER); }
    std::string exported(gnutls_x509_crt_fmt_t f) const {
        gnutls_datum_t d{};
        check(gnutls_x509_crt_export2(c, f, &d), "export crt");
        std::string s(reinterpret_cast<char*>(d.data), d.size);
        gnutls_free(d.data);
        return s;
    }
    std::string sha256() const {
        unsigned char md[32];
        size_t n = sizeof md;
        const std::string d = der();
        gnutls_datum_t datum{reinterpret_cast<unsigned char*>(const_cast<char*>(d.data())),
                             static_cast<unsigned>(d.size())};
        check(gnutls_fingerprint(GNUTLS_DIG_SHA256, &datum, md, &n), "fingerprint");
        static const char* hex = "0123456789abcdef";
        std::string s;
        for (size_t i = 0; i < n; ++i) {
            s += hex[md[i] >> 4];
            s += hex[md[i] & 15];
        }
        return s;
    }
};

std::atomic<unsigned> serial{1};

// Fills `cert` for `key`: CA or TLS server leaf for `ip`, valid from `from` to `to`.
void describe(Cert& cert, Key& key, const std::string& cn, bool ca, const std::string& ip, std::time_t from,
              std::time_t to) {
    check(gnutls_x509_crt_set_version(cert.c, 3), "version");
    const unsigned s = serial++ + static_cast<unsigned>(std::time(nullptr) & 0xffff) * 1000;
    unsigned char sn[4] = {static_cast<unsigned char>((s >> 24) & 0x7f), static_cast<unsigned char>(s >> 16),
                           static_cast<unsigned char>(s >> 8), static_cast<unsigned char>(s)};
    check(gnutls_x509_crt_set_serial(cert.c, sn, sizeof sn), "serial");
    check(gnutls_x509_crt_set_activation_time(cert.c, from), "activation");
    check(gnutls_x509_crt_set_expiration_time(cert.c, to), "expiration");
    check(gnutls_x509_crt_set_dn_by_oid(cert.c, GNUTLS_OID_X520_COMMON_NAME, 0, cn.data(),
                                        static_cast<unsigned>(cn.size())),
          "cn");
    check(gnutls_x509_crt_set_key(cert.c, key.k), "key");
    check(gnutls_x509_crt_set_basic_constraints(cert.c, ca ? 1 : 0, -1), "basic constraints");
    if (ca) {
        check(gnutls_x509_crt_set_key_usage(cert.c, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), "usage");
    } else {
        // digitalSignature + keyCertSign: the "issued by a non-CA" case then fails on the CA
        // flag alone, not on a missing key usage.
        check(gnutls_x509_crt_set_key_usage(cert.c, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_CERT_SIGN), "usage");
        check(gnutls_x509_crt_set_key_purpose_oid(cert.c, GNUTLS_KP_TLS_WWW_SERVER, 0), "purpose");
        unsigned char addr[4];
        if (::inet_pton(AF_INET, ip.c_str(), addr) == 1) {
            check(gnutls_x509_crt_set_subject_alt_name(cert.c, GNUTLS_SAN_IPADDRESS, addr, 4, GNUTLS_FSAN_SET), "san");
        }
    }
    unsigned char id[64];
    size_t idLen = sizeof id;
    check(gnutls_x509_crt_get_key_id(cert.c, 0, id, &idLen), "key id");
    check(gnutls_x509_crt_set_subject_key_id(cert.c, id, idLen), "subject key id");
}

void sign(Cert& cert, const Cert& issuer, const Key& issuerKey) {
    check(gnutls_x509_crt_sign2(cert.c, issuer.c, issuerKey.k, GNUTLS_DIG_SHA256, 0), "sign");
}

constexpr std::time_t kDay = 24 * 3600;

}  // namespace

struct TestCertificates::Impl {
    Key caKey;
    Cert ca;
};

TestCertificates::TestCertificates() : impl_(new Impl) {
    const std::time_t now = std::time(nullptr);
    describe(impl_->ca, impl_->caKey, "Petrel Test CA", true, {}, now - kDay, now + 30 * kDay);
    sign(impl_->ca, impl_->ca, impl_->caKey);
    caPem_ = impl_->ca.pem();
}

TestCertificates::~TestCertificates() { delete impl_; }

TlsIdentity TestCertificates::issued(const std::string& ip) const {
    const std::time_t now = std::time(nullptr);
    Key key;
    Cert leaf;
    describe(leaf, key, ip, false, ip, now - kDay, now + 7 * kDay);
    sign(leaf, impl_->ca, impl_->caKey);
    return {leaf.pem(), key.pem(), leaf.sha256()};
}

TlsIdentity TestCertificates::expired(const std::string& ip) const {
    const std::time_t now = std::time(nullptr);
    Key key;
    Cert leaf;
    describe(leaf, key, ip, false, ip, now - 30 * kDay, now - kDay);
    sign(leaf, impl_->ca, impl_->caKey);
    return {leaf.pem(), key.pem(), leaf.sha256()};
}

TlsIdentity TestCertificates::forgedChain(const std::string& ip) const {
    const std::time_t now = std::time(nullptr);
    Key fakeCaKey;
    Cert fakeCa;
    describe(fakeCa, fakeCaKey, "Petrel Test CA", true, {}, now - kDay, now + 30 * kDay);
    sign(fakeCa, fakeCa, fakeCaKey);
    Key key;
    Cert leaf;
    describe(leaf, key, ip, false, ip, now - kDay, now + 7 * kDay);
    sign(leaf, fakeCa, fakeCaKey);
    return {leaf.pem() + fakeCa.pem(), key.pem(), leaf.sha256()};
}

TlsIdentity TestCertificates::issuedByNonCa(const std::string& ip) const {
    const std::time_t now = std::time(nullptr);
    Key midKey;
    Cert mid;
    describe(mid, midKey, "not a CA", false, ip, now - kDay, now + 7 * kDay);
    sign(mid, impl_->ca, impl_->caKey);
    Key key;
    Cert leaf;
    describe(leaf, key, ip, false, ip, now - kDay, now + 7 * kDay);
    sign(leaf, mid, midKey);
    return {leaf.pem() + mid.pem(), key.pem(), leaf.sha256()};
}

TlsIdentity TestCertificates::selfSigned(const std::string& ip) const {
    const std::time_t now = std::time(nullptr);
    Key key;
    Cert leaf;
    describe(leaf, key, ip, false, ip, now - kDay, now + 7 * kDay);
    sign(leaf, leaf, key);
    return {leaf.pem(), key.pem(), leaf.sha256()};
}

}  // namespace petrel::testing
