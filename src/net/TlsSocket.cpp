#include "net/TlsSocket.h"

#if defined(_WIN32)
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif
#include <gnutls/gnutls.h>

#include <cerrno>
#include <cstring>
#include <vmime/exception.hpp>

#include "model/Error.h"
#include "net/StartTlsNegotiator.h"
#include "net/TlsTrustError.h"
#include "net/TrustVerifier.h"

namespace petrel::net {

namespace {

bool isIpLiteral(std::string host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string withoutTrailingDot(std::string host) {
    while (!host.empty() && host.back() == '.') host.pop_back();
    return host;
}

}  // namespace

// GnuTLS reads and writes through the wrapped vmime socket. vmime sockets throw (timeouts,
// "connection closed"); an exception must not unwind through GnuTLS's C frames, so it is
// parked in transportError_ and rethrown once GnuTLS has returned.
struct TlsSocketTransport {
    static ssize_t pull(gnutls_transport_ptr_t ptr, void* data, size_t size) {
        auto* self = static_cast<TlsSocket*>(ptr);
        try {
            const size_t n = self->transport_->receiveRaw(static_cast<vmime::byte_t*>(data), size);
            if (n > 0) return static_cast<ssize_t>(n);
            self->transport_->waitForRead(50);
            gnutls_transport_set_errno(self->session_, EAGAIN);
            return -1;
        } catch (...) {
            self->transportError_ = std::current_exception();
            gnutls_transport_set_errno(self->session_, EIO);
            return -1;
        }
    }

    static ssize_t push(gnutls_transport_ptr_t ptr, const void* data, size_t size) {
        auto* self = static_cast<TlsSocket*>(ptr);
        try {
            self->transport_->sendRaw(static_cast<const vmime::byte_t*>(data), size);
            return static_cast<ssize_t>(size);
        } catch (...) {
            self->transportError_ = std::current_exception();
            gnutls_transport_set_errno(self->session_, EIO);
            return -1;
        }
    }
};

TlsSocket::TlsSocket(vmime::shared_ptr<vmime::net::socket> transport,
                     vmime::shared_ptr<vmime::net::timeoutHandler> timeoutHandler,
                     std::shared_ptr<const TrustVerifier> verifier, Settings settings, Observer observer)
    : transport_(std::move(transport)),
      timeoutHandler_(std::move(timeoutHandler)),
      verifier_(std::move(verifier)),
      settings_(std::move(settings)),
      observer_(std::move(observer)) {}

TlsSocket::~TlsSocket() {
    resetSession();
}

void TlsSocket::resetSession() {
    if (session_) gnutls_deinit(session_);
    if (credentials_) gnutls_certificate_free_credentials(credentials_);
    session_ = nullptr;
    credentials_ = nullptr;
    established_ = false;
}

void TlsSocket::connect(const vmime::string& address, vmime::port_t port) {
    resetSession();
    replay_.clear();
    peerChain_.clear();
    transport_->connect(address, port);
    try {
        if (settings_.startTls) {
            StartTlsNegotiator negotiator(*settings_.startTls, *transport_, timeoutHandler_, tracer_,
                                          settings_.heloName);
            replay_ = negotiator.negotiate();
        }
        handshake();
        verifyPeer();
    } catch (...) {
        // Nothing more goes out on a connection we do not trust (no close_notify either).
        try {
            transport_->disconnect();
        } catch (...) {
        }
        resetSession();
        throw;
    }
}

void TlsSocket::handshake() {
    auto fail = [this](const std::string& what, int rc) {
        return model::Error(model::ErrorKind::Tls, "TLS with " + settings_.host + " failed: " + what,
                            rc ? gnutls_strerror(rc) : "");
    };
    int rc = gnutls_certificate_allocate_credentials(&credentials_);
    if (rc < 0) throw fail("cannot allocate credentials", rc);
    rc = gnutls_init(&session_, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
    if (rc < 0) throw fail("cannot create a session", rc);
    // The system-wide policy (crypto-policies / gnutls config) decides versions and ciphers.
    if ((rc = gnutls_set_default_priority(session_)) < 0) throw fail("no usable priority", rc);
    if ((rc = gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, credentials_)) < 0)
        throw fail("cannot set credentials", rc);
    const std::string sniHost = withoutTrailingDot(settings_.host);
    if (!sniHost.empty() && !isIpLiteral(sniHost)) {
        rc = gnutls_server_name_set(session_, GNUTLS_NAME_DNS, sniHost.data(), sniHost.size());
        if (rc < 0) throw fail("cannot set the server name", rc);
    }
    gnutls_transport_set_ptr(session_, this);
    gnutls_transport_set_pull_function(session_, &TlsSocketTransport::pull);
    gnutls_transport_set_push_function(session_, &TlsSocketTransport::push);

    do {
        checkTimeout();
        rc = gnutls_handshake(session_);
        rethrowTransportError();
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    if (rc < 0) throw fail("the handshake did not complete", rc);

    unsigned count = 0;
    const gnutls_datum_t* certs = gnutls_certificate_get_peers(session_, &count);
    for (unsigned i = 0; certs && i < count; ++i)
        peerChain_.emplace_back(reinterpret_cast<const char*>(certs[i].data), certs[i].size);
    established_ = true;
    if (timeoutHandler_) timeoutHandler_->resetTimeOut();
}

void TlsSocket::verifyPeer() {
    if (!verifier_) throw model::Error(model::ErrorKind::Tls, "No certificate verifier configured");
    const TrustVerdict verdict = verifier_->evaluate(peerChain_, settings_.host, settings_.pinnedSha256);
    if (observer_) observer_(verdict);
    if (settings_.enforceTrust && !verdict.trusted) throw TlsTrustError(verdict);
}

void TlsSocket::checkTimeout() {
    if (timeoutHandler_ && timeoutHandler_->isTimeOut() && !timeoutHandler_->handleTimeOut())
        throw vmime::exceptions::operation_timed_out();
}

void TlsSocket::rethrowTransportError() {
    if (transportError_) {
        std::exception_ptr e = std::exchange(transportError_, nullptr);
        std::rethrow_exception(e);
    }
}

void TlsSocket::disconnect() {
    if (established_ && session_) {
        // close_notify without waiting for the server's: the server may already be gone.
        gnutls_bye(session_, GNUTLS_SHUT_WR);
        transportError_ = nullptr;
    }
    established_ = false;
    transport_->disconnect();
}

bool TlsSocket::isConnected() const {
    return established_ && transport_->isConnected();
}

bool TlsSocket::waitForRead(int msecs) {
    // Data GnuTLS already decrypted (or our replayed greeting) never shows on the TCP socket:
    // waiting there would stall for the full timeout with the answer already in memory.
    if (!replay_.empty() || (session_ && gnutls_record_check_pending(session_) > 0)) return true;
    return transport_->waitForRead(msecs);
}

bool TlsSocket::waitForWrite(int msecs) {
    return transport_->waitForWrite(msecs);
}

void TlsSocket::receive(vmime::string& buffer) {
    vmime::byte_t chunk[16384];
    const size_t n = receiveRaw(chunk, sizeof chunk);
    buffer.assign(reinterpret_cast<const char*>(chunk), n);
}

size_t TlsSocket::receiveRaw(vmime::byte_t* buffer, size_t count) {
    status_ &= ~STATUS_WOULDBLOCK;
    if (!replay_.empty()) {
        const size_t n = std::min(count, replay_.size());
        std::memcpy(buffer, replay_.data(), n);
        replay_.erase(0, n);
        return n;
    }
    if (!established_) throw vmime::exceptions::socket_not_connected_exception();

    const ssize_t rc = gnutls_record_recv(session_, buffer, count);
    rethrowTransportError();
    if (rc > 0) {
        if (timeoutHandler_) timeoutHandler_->resetTimeOut();
        return static_cast<size_t>(rc);
    }
    if (rc == 0 || rc == GNUTLS_E_PREMATURE_TERMINATION) {
        established_ = false;
        throw vmime::exceptions::socket_exception("The server closed the connection");
    }
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_REHANDSHAKE ||
        gnutls_error_is_fatal(static_cast<int>(rc)) == 0) {
        status_ |= STATUS_WOULDBLOCK;
        checkTimeout();
        return 0;
    }
    established_ = false;
    throw vmime::exceptions::tls_exception(std::string("TLS error while reading: ") +
                                           gnutls_strerror(static_cast<int>(rc)));
}

void TlsSocket::send(const vmime::string& buffer) {
    sendRaw(reinterpret_cast<const vmime::byte_t*>(buffer.data()), buffer.size());
}

void TlsSocket::send(const char* str) {
    sendRaw(reinterpret_cast<const vmime::byte_t*>(str), std::strlen(str));
}

void TlsSocket::sendRaw(const vmime::byte_t* buffer, size_t count) {
    if (!established_) throw vmime::exceptions::socket_not_connected_exception();
    status_ &= ~STATUS_WOULDBLOCK;
    while (count > 0) {
        const ssize_t rc = gnutls_record_send(session_, buffer, count);
        rethrowTransportError();
        if (rc > 0) {
            buffer += rc;
            count -= static_cast<size_t>(rc);
            continue;
        }
        if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
            checkTimeout();
            transport_->waitForWrite(50);
            continue;
        }
        established_ = false;
        throw vmime::exceptions::tls_exception(std::string("TLS error while sending: ") +
                                               gnutls_strerror(static_cast<int>(rc)));
    }
    if (timeoutHandler_) timeoutHandler_->resetTimeOut();
}

size_t TlsSocket::sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) {
    // Our push function blocks until the transport took everything, so "non-blocking" sends
    // complete too; vmime only uses this for large literals where that is harmless.
    sendRaw(buffer, count);
    return count;
}

size_t TlsSocket::getBlockSize() const {
    return 16384;
}
unsigned int TlsSocket::getStatus() const {
    return status_;
}
const vmime::string TlsSocket::getPeerName() const {
    return transport_->getPeerName();
}
const vmime::string TlsSocket::getPeerAddress() const {
    return transport_->getPeerAddress();
}
vmime::shared_ptr<vmime::net::timeoutHandler> TlsSocket::getTimeoutHandler() {
    return timeoutHandler_;
}

void TlsSocket::setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) {
    tracer_ = tracer;
    transport_->setTracer(std::move(tracer));
}

vmime::shared_ptr<vmime::net::tracer> TlsSocket::getTracer() {
    return tracer_;
}

std::string TlsSocket::sessionDescription() const {
    if (!session_ || !established_) return {};
    char* desc = gnutls_session_get_desc(session_);
    std::string out = desc ? desc : "";
    gnutls_free(desc);
    return out;
}

}  // namespace petrel::net
