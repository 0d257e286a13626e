#include "net/CountingSocket.h"

#include <cstring>

#include "net/WireCounter.h"

namespace petrel::net {

CountingSocket::CountingSocket(vmime::shared_ptr<vmime::net::socket> inner,
                               std::shared_ptr<WireCounter> counter)
    : inner_(std::move(inner)), counter_(std::move(counter)) {}

void CountingSocket::connect(const vmime::string& address, vmime::port_t port) {
    inner_->connect(address, port);
}
void CountingSocket::disconnect() {
    inner_->disconnect();
}
bool CountingSocket::isConnected() const {
    return inner_->isConnected();
}
bool CountingSocket::waitForRead(int msecs) {
    return inner_->waitForRead(msecs);
}
bool CountingSocket::waitForWrite(int msecs) {
    return inner_->waitForWrite(msecs);
}

void CountingSocket::receive(vmime::string& buffer) {
    inner_->receive(buffer);
    counter_->addReceived(buffer.size());
}

size_t CountingSocket::receiveRaw(vmime::byte_t* buffer, size_t count) {
    const size_t n = inner_->receiveRaw(buffer, count);
    counter_->addReceived(n);
    return n;
}

void CountingSocket::send(const vmime::string& buffer) {
    inner_->send(buffer);
    counter_->addSent(buffer.size());
}

void CountingSocket::send(const char* str) {
    inner_->send(str);
    counter_->addSent(std::strlen(str));
}

void CountingSocket::sendRaw(const vmime::byte_t* buffer, size_t count) {
    inner_->sendRaw(buffer, count);
    counter_->addSent(count);
}

size_t CountingSocket::sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) {
    const size_t n = inner_->sendRawNonBlocking(buffer, count);
    counter_->addSent(n);
    return n;
}

size_t CountingSocket::getBlockSize() const {
    return inner_->getBlockSize();
}
unsigned int CountingSocket::getStatus() const {
    return inner_->getStatus();
}
const vmime::string CountingSocket::getPeerName() const {
    return inner_->getPeerName();
}
const vmime::string CountingSocket::getPeerAddress() const {
    return inner_->getPeerAddress();
}
vmime::shared_ptr<vmime::net::timeoutHandler> CountingSocket::getTimeoutHandler() {
    return inner_->getTimeoutHandler();
}
void CountingSocket::setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) {
    inner_->setTracer(std::move(tracer));
}
vmime::shared_ptr<vmime::net::tracer> CountingSocket::getTracer() {
    return inner_->getTracer();
}

}  // namespace petrel::net
