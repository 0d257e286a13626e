#include "net/DeflateSocket.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "model/Error.h"

namespace petrel::net {

struct DeflateSocket::Streams {
    z_stream in{};
    z_stream out{};
    bool inReady = false;
    bool outReady = false;
    bool ended = false;  // the peer ended its deflate stream (never expected in IMAP)
};

namespace {

[[noreturn]] void zlibFailure(const char* what, const z_stream& s, int rc) {
    throw model::Error(model::ErrorKind::Protocol, std::string("The compressed IMAP stream is broken (") + what + ")",
                       std::string(s.msg ? s.msg : "") + " rc=" + std::to_string(rc));
}

}  // namespace

DeflateSocket::DeflateSocket(vmime::shared_ptr<vmime::net::socket> inner, std::string alreadyReceived)
    : inner_(std::move(inner)), z_(std::make_unique<Streams>()) {
    if (inflateInit2(&z_->in, -15) != Z_OK) zlibFailure("inflateInit2", z_->in, Z_MEM_ERROR);
    z_->inReady = true;
    // Level 6 (zlib's default) with a full 32 KB window: RFC 4978 §4 leaves the choice to the
    // sender; commands are small, so the window matters more than speed.
    if (deflateInit2(&z_->out, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        zlibFailure("deflateInit2", z_->out, Z_MEM_ERROR);
    z_->outReady = true;
    if (!alreadyReceived.empty()) {
        compressedIn_ += alreadyReceived.size();
        inflateInput(alreadyReceived.data(), alreadyReceived.size());
    }
}

DeflateSocket::~DeflateSocket() {
    if (z_->inReady) inflateEnd(&z_->in);
    if (z_->outReady) deflateEnd(&z_->out);
}

void DeflateSocket::inflateInput(const char* data, std::size_t n) {
    if (pendingPos_ > 0 && pendingPos_ == pending_.size()) {
        pending_.clear();
        pendingPos_ = 0;
    }
    z_stream& s = z_->in;
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    s.avail_in = static_cast<uInt>(n);
    char chunk[65536];
    while (s.avail_in > 0 || s.avail_out == 0) {
        if (z_->ended) {
            // Data after the end of the deflate stream: nothing in RFC 4978 allows it.
            zlibFailure("data after end of stream", s, Z_STREAM_END);
        }
        s.next_out = reinterpret_cast<Bytef*>(chunk);
        s.avail_out = sizeof chunk;
        const int rc = inflate(&s, Z_SYNC_FLUSH);
        const std::size_t produced = sizeof chunk - s.avail_out;
        pending_.append(chunk, produced);
        plainIn_ += produced;
        if (rc == Z_STREAM_END) {
            z_->ended = true;
            if (s.avail_in == 0) break;
            continue;
        }
        if (rc == Z_BUF_ERROR) break;  // needs more input (a partial frame)
        if (rc != Z_OK) zlibFailure("inflate", s, rc);
        if (s.avail_in == 0 && s.avail_out != 0) break;
    }
}

bool DeflateSocket::fillPending() {
    char buf[65536];
    while (pendingPos_ >= pending_.size()) {
        const std::size_t n = inner_->receiveRaw(reinterpret_cast<vmime::byte_t*>(buf), sizeof buf);
        if (n == 0) return false;
        compressedIn_ += n;
        inflateInput(buf, n);
    }
    return true;
}

size_t DeflateSocket::receiveRaw(vmime::byte_t* buffer, size_t count) {
    if (count == 0 || !fillPending()) return 0;
    const std::size_t n = std::min(count, pending_.size() - pendingPos_);
    std::memcpy(buffer, pending_.data() + pendingPos_, n);
    pendingPos_ += n;
    return n;
}

void DeflateSocket::receive(vmime::string& buffer) {
    buffer.clear();
    if (!fillPending()) return;
    buffer.assign(pending_, pendingPos_, std::string::npos);
    pendingPos_ = pending_.size();
}

void DeflateSocket::sendRaw(const vmime::byte_t* buffer, size_t count) {
    if (count == 0) return;
    z_stream& s = z_->out;
    s.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(buffer));
    s.avail_in = static_cast<uInt>(count);
    std::string out;
    char chunk[16384];
    do {
        s.next_out = reinterpret_cast<Bytef*>(chunk);
        s.avail_out = sizeof chunk;
        const int rc = deflate(&s, Z_SYNC_FLUSH);
        if (rc != Z_OK && rc != Z_BUF_ERROR) zlibFailure("deflate", s, rc);
        out.append(chunk, sizeof chunk - s.avail_out);
    } while (s.avail_out == 0 || s.avail_in > 0);
    plainOut_ += count;
    compressedOut_ += out.size();
    inner_->sendRaw(reinterpret_cast<const vmime::byte_t*>(out.data()), out.size());
}

size_t DeflateSocket::sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) {
    sendRaw(buffer, count);
    return count;
}

void DeflateSocket::send(const vmime::string& buffer) {
    sendRaw(reinterpret_cast<const vmime::byte_t*>(buffer.data()), buffer.size());
}

void DeflateSocket::send(const char* str) {
    sendRaw(reinterpret_cast<const vmime::byte_t*>(str), std::strlen(str));
}

bool DeflateSocket::waitForRead(int msecs) {
    if (pendingPos_ < pending_.size()) return true;
    return inner_->waitForRead(msecs);
}

void DeflateSocket::connect(const vmime::string& address, vmime::port_t port) {
    inner_->connect(address, port);
}
void DeflateSocket::disconnect() {
    inner_->disconnect();
}
bool DeflateSocket::isConnected() const {
    return inner_->isConnected();
}
bool DeflateSocket::waitForWrite(int msecs) {
    return inner_->waitForWrite(msecs);
}
size_t DeflateSocket::getBlockSize() const {
    return inner_->getBlockSize();
}
unsigned int DeflateSocket::getStatus() const {
    return inner_->getStatus();
}
const vmime::string DeflateSocket::getPeerName() const {
    return inner_->getPeerName();
}
const vmime::string DeflateSocket::getPeerAddress() const {
    return inner_->getPeerAddress();
}
vmime::shared_ptr<vmime::net::timeoutHandler> DeflateSocket::getTimeoutHandler() {
    return inner_->getTimeoutHandler();
}
void DeflateSocket::setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) {
    inner_->setTracer(std::move(tracer));
}
vmime::shared_ptr<vmime::net::tracer> DeflateSocket::getTracer() {
    return inner_->getTracer();
}

}  // namespace petrel::net
