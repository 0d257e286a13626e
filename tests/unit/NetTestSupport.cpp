#include "NetTestSupport.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <stdexcept>

namespace petrel::nettest {

namespace {

void check(int rc, const char* what) {
    if (rc < 0) throw std::runtime_error(std::string(what) + ": " + gnutls_strerror(rc));
}

std::string exportCrt(gnutls_x509_crt_t crt, gnutls_x509_crt_fmt_t fmt) {
    gnutls_datum_t out{};
    check(gnutls_x509_crt_export2(crt, fmt, &out), "export crt");
    std::string s(reinterpret_cast<const char*>(out.data), out.size);
    gnutls_free(out.data);
    return s;
}

std::string exportKey(gnutls_x509_privkey_t key) {
    gnutls_datum_t out{};
    check(gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out), "export key");
    std::string s(reinterpret_cast<const char*>(out.data), out.size);
    gnutls_free(out.data);
    return s;
}

gnutls_datum_t datum(const std::string& s) {
    return gnutls_datum_t{reinterpret_cast<unsigned char*>(const_cast<char*>(s.data())),
                          static_cast<unsigned>(s.size())};
}

}  // namespace

TestCert makeCert(const CertSpec& spec, const TestCert* issuer) {
    static std::atomic<unsigned> serialCounter{1};
    gnutls_x509_privkey_t key = nullptr;
    gnutls_x509_crt_t crt = nullptr;
    check(gnutls_x509_privkey_init(&key), "key init");
    check(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1),
                                       0),
          "key generate");
    check(gnutls_x509_crt_init(&crt), "crt init");
    check(gnutls_x509_crt_set_version(crt, 3), "version");
    const unsigned serial = serialCounter++ + static_cast<unsigned>(std::time(nullptr) & 0xffff) * 65536u;
    unsigned char serialBytes[4] = {
        static_cast<unsigned char>((serial >> 24) & 0x7f), static_cast<unsigned char>(serial >> 16),
        static_cast<unsigned char>(serial >> 8), static_cast<unsigned char>(serial)};
    check(gnutls_x509_crt_set_serial(crt, serialBytes, sizeof serialBytes), "serial");
    const std::time_t now = std::time(nullptr);
    check(gnutls_x509_crt_set_activation_time(crt, now + spec.notBefore.count()), "activation");
    check(gnutls_x509_crt_set_expiration_time(crt, now + spec.notAfter.count()), "expiration");
    check(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, spec.commonName.data(),
                                        static_cast<unsigned>(spec.commonName.size())),
          "cn");
    check(gnutls_x509_crt_set_key(crt, key), "set key");
    check(gnutls_x509_crt_set_basic_constraints(crt, spec.isCa ? 1 : 0, -1), "basic constraints");
    check(gnutls_x509_crt_set_key_usage(crt, spec.isCa ? (GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)
                                                       : GNUTLS_KEY_DIGITAL_SIGNATURE),
          "key usage");
    for (const auto& dns : spec.dnsNames)
        check(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, dns.data(),
                                                   static_cast<unsigned>(dns.size()), GNUTLS_FSAN_APPEND),
              "san dns");
    for (const auto& ip : spec.ipAddresses) {
        unsigned char raw[16];
        unsigned len = 0;
        if (inet_pton(AF_INET, ip.c_str(), raw) == 1)
            len = 4;
        else if (inet_pton(AF_INET6, ip.c_str(), raw) == 1)
            len = 16;
        else
            throw std::runtime_error("bad ip " + ip);
        check(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, raw, len, GNUTLS_FSAN_APPEND),
              "san ip");
    }
    unsigned char keyId[64];
    size_t keyIdSize = sizeof keyId;
    check(gnutls_x509_crt_get_key_id(crt, 0, keyId, &keyIdSize), "key id");
    check(gnutls_x509_crt_set_subject_key_id(crt, keyId, keyIdSize), "ski");

    if (issuer) {
        gnutls_x509_crt_t icrt = nullptr;
        gnutls_x509_privkey_t ikey = nullptr;
        check(gnutls_x509_crt_init(&icrt), "issuer init");
        check(gnutls_x509_privkey_init(&ikey), "issuer key init");
        auto ic = datum(issuer->certPem);
        auto ik = datum(issuer->keyPem);
        check(gnutls_x509_crt_import(icrt, &ic, GNUTLS_X509_FMT_PEM), "issuer import");
        check(gnutls_x509_privkey_import(ikey, &ik, GNUTLS_X509_FMT_PEM), "issuer key import");
        unsigned char akid[64];
        size_t akidSize = sizeof akid;
        if (gnutls_x509_crt_get_subject_key_id(icrt, akid, &akidSize, nullptr) >= 0)
            check(gnutls_x509_crt_set_authority_key_id(crt, akid, akidSize), "akid");
        check(gnutls_x509_crt_sign2(crt, icrt, ikey, GNUTLS_DIG_SHA256, 0), "sign");
        gnutls_x509_crt_deinit(icrt);
        gnutls_x509_privkey_deinit(ikey);
    } else {
        check(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0), "self-sign");
    }

    TestCert out;
    out.certPem = exportCrt(crt, GNUTLS_X509_FMT_PEM);
    out.der = exportCrt(crt, GNUTLS_X509_FMT_DER);
    out.keyPem = exportKey(key);
    unsigned char digest[32];
    size_t dsize = sizeof digest;
    check(gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, digest, &dsize), "fingerprint");
    static const char* hex = "0123456789abcdef";
    for (size_t i = 0; i < dsize; ++i) {
        out.sha256.push_back(hex[digest[i] >> 4]);
        out.sha256.push_back(hex[digest[i] & 15]);
    }
    gnutls_x509_crt_deinit(crt);
    gnutls_x509_privkey_deinit(key);
    return out;
}

ServerConn::ServerConn(int fd) : fd_(fd) {}

ServerConn::~ServerConn() {
    close();
}

void ServerConn::close() {
    if (session_) {
        gnutls_deinit(session_);
        session_ = nullptr;
    }
    if (cred_) {
        gnutls_certificate_free_credentials(cred_);
        cred_ = nullptr;
    }
    if (fd_ >= 0) {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        fd_ = -1;
    }
}

std::string ServerConn::readLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (fd_ < 0 || std::chrono::steady_clock::now() > deadline) return {};
        char buf[4096];
        ssize_t n;
        if (session_ && gnutls_record_check_pending(session_) > 0) {
            n = gnutls_record_recv(session_, buf, sizeof buf);
        } else {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            n = session_ ? gnutls_record_recv(session_, buf, sizeof buf) : ::recv(fd_, buf, sizeof buf, 0);
        }
        if (session_ && (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)) continue;
        if (n <= 0) return {};
        buffer_.append(buf, static_cast<size_t>(n));
    }
}

void ServerConn::write(const std::string& data) {
    if (fd_ < 0) return;
    size_t off = 0;
    while (off < data.size()) {
        ssize_t n = session_ ? gnutls_record_send(session_, data.data() + off, data.size() - off)
                             : ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (session_ && (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)) continue;
        if (n <= 0) return;
        off += static_cast<size_t>(n);
    }
}

void ServerConn::drainUntilClosed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fd_ >= 0 && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        char buf[4096];
        if (::recv(fd_, buf, sizeof buf, 0) <= 0) return;
    }
}

bool ServerConn::startTls(const std::string& certChainPem, const std::string& keyPem) {
    check(gnutls_certificate_allocate_credentials(&cred_), "server cred");
    auto c = datum(certChainPem);
    auto k = datum(keyPem);
    check(gnutls_certificate_set_x509_key_mem(cred_, &c, &k, GNUTLS_X509_FMT_PEM), "server key");
    check(gnutls_init(&session_, GNUTLS_SERVER), "server init");
    check(gnutls_set_default_priority(session_), "server prio");
    check(gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, cred_), "server creds set");
    gnutls_transport_set_int(session_, fd_);
    gnutls_handshake_set_timeout(session_, 5000);
    int rc;
    do {
        rc = gnutls_handshake(session_);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    buffer_.clear();
    return rc >= 0;
}

std::string ServerConn::sniName() const {
    if (!session_) return {};
    char name[256];
    size_t size = sizeof name;
    unsigned type = 0;
    if (gnutls_server_name_get(session_, name, &size, &type, 0) < 0) return {};
    return std::string(name, size);
}

LoopbackServer::LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listenFd_, 8) != 0)
        throw std::runtime_error("cannot listen on loopback");
    socklen_t len = sizeof addr;
    ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
}

LoopbackServer::~LoopbackServer() {
    finish();
    ::close(listenFd_);
}

void LoopbackServer::finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void LoopbackServer::run() {
    while (!stop_) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int fd = ::accept(listenFd_, nullptr, nullptr);
        if (fd < 0) continue;
        ++connections_;
        ServerConn conn(fd);
        try {
            handler_(conn);
        } catch (...) {
        }
    }
}

void LineLog::add(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
}

std::vector<std::string> LineLog::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

bool LineLog::containsSubstring(const std::string& s) const {
    std::lock_guard lock(mutex_);
    for (const auto& l : lines_)
        if (l.find(s) != std::string::npos) return true;
    return false;
}

bool LineLog::waitForSubstring(const std::string& s, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!containsSubstring(s)) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

std::uint16_t unusedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace petrel::nettest
