#include "support/ScriptedServer.h"

#include <gnutls/gnutls.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <thread>

namespace petrel::testing {
namespace {

using Clock = std::chrono::steady_clock;

// gnutls writes with send(2) and no MSG_NOSIGNAL by default: a client that hung up would raise
// SIGPIPE in the test process.
ssize_t pushNoSignal(gnutls_transport_ptr_t fd, const void* data, size_t size) {
    return ::send(static_cast<int>(reinterpret_cast<std::intptr_t>(fd)), data, size, MSG_NOSIGNAL);
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(s[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
    }
    return out;
}

}  // namespace

bool containsSecret(const std::string& haystack, const std::string& user, const std::string& secret) {
    if (haystack.find(secret) != std::string::npos) return true;
    if (haystack.find(base64(std::string(1, '\0') + user + '\0' + secret)) != std::string::npos) return true;
    // The secret at any alignment inside a longer base64 text: the characters that depend on
    // the secret's bytes alone.
    for (std::size_t shift = 0; shift < 3; ++shift) {
        const std::string enc = base64(std::string(shift, '\0') + secret);
        const std::size_t first = (shift * 8 + 5) / 6;
        const std::size_t last = (shift + secret.size()) * 8 / 6;
        if (last > first + 3 && haystack.find(enc.substr(first, last - first)) != std::string::npos) return true;
    }
    return false;
}

ScriptedConnection::ScriptedConnection(ScriptedServer& server, int fd) : server_(server), fd_(fd) {}

ScriptedConnection::~ScriptedConnection() {
    if (session_) {
        gnutls_deinit(session_);
    }
    if (credentials_) gnutls_certificate_free_credentials(credentials_);
    ::close(fd_);
}

std::size_t ScriptedConnection::receive(char* buf, std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (session_ && gnutls_record_check_pending(session_) > 0) break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) throw ClientGone("client silent");
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100))) > 0) break;
    }
    if (session_) {
        ssize_t r;
        do {
            r = gnutls_record_recv(session_, buf, n);
        } while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
        if (r <= 0) throw ClientGone("client closed (TLS)");
        server_.record(buf, static_cast<std::size_t>(r), true);
        return static_cast<std::size_t>(r);
    }
    const ssize_t r = ::recv(fd_, buf, n, 0);
    if (r <= 0) throw ClientGone("client closed");
    server_.record(buf, static_cast<std::size_t>(r), false);
    return static_cast<std::size_t>(r);
}

std::string ScriptedConnection::readLine(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto nl = buffer_.find('\n');
        if (nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        char buf[4096];
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        const std::size_t n = receive(buf, sizeof buf, std::max(left, std::chrono::milliseconds(1)));
        buffer_.append(buf, n);
    }
}

std::string ScriptedConnection::tagOf(const std::string& line) { return line.substr(0, line.find(' ')); }

std::string ScriptedConnection::expect(std::string_view prefix, bool afterTag) {
    std::string line = readLine();
    std::string_view rest = line;
    if (afterTag) {
        const auto sp = rest.find(' ');
        rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    }
    if (!startsWithNoCase(rest, prefix)) {
        // Never echo what the client sent: it might be a credential.
        throw std::runtime_error("expected '" + std::string(prefix) + "', got another command");
    }
    return line;
}

void ScriptedConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n;
        if (session_) {
            n = gnutls_record_send(session_, bytes.data(), bytes.size());
            if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) continue;
        } else {
            n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        }
        if (n <= 0) throw ClientGone("client gone while sending");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void ScriptedConnection::sendSlowly(std::string_view bytes, std::chrono::milliseconds gap) {
    for (char c : bytes) {
        send(std::string_view(&c, 1));
        std::this_thread::sleep_for(gap);
    }
}

void ScriptedConnection::sendFiller(std::size_t n) {
    const std::string chunk(65536, 'x');
    while (n > 0) {
        const std::size_t k = std::min(n, chunk.size());
        send(std::string_view(chunk.data(), k));
        n -= k;
    }
}

void ScriptedConnection::startTls(const TlsIdentity& identity) {
    gnutls_certificate_allocate_credentials(&credentials_);
    const gnutls_datum_t cert{reinterpret_cast<unsigned char*>(const_cast<char*>(identity.chainPem.data())),
                              static_cast<unsigned>(identity.chainPem.size())};
    const gnutls_datum_t key{reinterpret_cast<unsigned char*>(const_cast<char*>(identity.keyPem.data())),
                             static_cast<unsigned>(identity.keyPem.size())};
    if (gnutls_certificate_set_x509_key_mem(credentials_, &cert, &key, GNUTLS_X509_FMT_PEM) < 0)
        throw std::runtime_error("scripted server: unusable certificate");
    gnutls_init(&session_, GNUTLS_SERVER);
    gnutls_set_default_priority(session_);
    gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, credentials_);
    gnutls_transport_set_int(session_, fd_);
    gnutls_transport_set_push_function(session_, &pushNoSignal);
    gnutls_handshake_set_timeout(session_, 10000);
    int rc;
    do {
        rc = gnutls_handshake(session_);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    if (rc < 0) {
        gnutls_deinit(session_);
        session_ = nullptr;
        throw ClientGone(std::string("TLS handshake failed: ") + gnutls_strerror(rc));
    }
    // Bytes the client pipelined before the handshake would be plaintext: none are expected.
    buffer_.clear();
}

bool ScriptedConnection::waitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    try {
        for (;;) {
            char buf[65536];
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return false;
            receive(buf, sizeof buf, left);
        }
    } catch (const ClientGone& e) {
        return std::string(e.what()) != "client silent";
    }
}

ScriptedServer::ScriptedServer(Script script, std::optional<TlsIdentity> implicitTls)
    : script_(std::move(script)),
      implicitTls_(std::move(implicitTls)),
      listener_(std::make_unique<LoopbackListener>([this](int fd) { serve(fd); })) {}

ScriptedServer::~ScriptedServer() {
    listener_.reset();
    waitIdle(std::chrono::seconds(60));
}

void ScriptedServer::serve(int fd) {
    {
        std::lock_guard lock(mutex_);
        ++connections_;
        ++active_;
    }
    std::thread([this, fd] {
        try {
            ScriptedConnection c(*this, fd);
            try {
                if (implicitTls_) c.startTls(*implicitTls_);
                script_(c);
            } catch (const ClientGone&) {
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex_);
                errors_.push_back(e.what());
            }
        } catch (...) {
        }
        std::lock_guard lock(mutex_);
        --active_;
        idle_.notify_all();
    }).detach();
}

void ScriptedServer::record(const char* data, std::size_t n, bool encrypted) {
    std::lock_guard lock(mutex_);
    received_.append(data, n);
    if (!encrypted) clear_.append(data, n);
}

std::string ScriptedServer::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

std::string ScriptedServer::receivedInClear() const {
    std::lock_guard lock(mutex_);
    return clear_;
}

unsigned ScriptedServer::connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
}

std::vector<std::string> ScriptedServer::scriptErrors() const {
    std::lock_guard lock(mutex_);
    return errors_;
}

bool ScriptedServer::waitIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return active_ == 0; });
}

}  // namespace petrel::testing
