#pragma once
#include <memory>
#include <vmime/net/socket.hpp>

namespace petrel::net {

class WireCounter;

// Forwards everything to the wrapped socket and adds what crossed it to a WireCounter.
// Created by WireCounter; holds it alive, so counters outlive any late socket.
class CountingSocket : public vmime::net::socket {
public:
    CountingSocket(vmime::shared_ptr<vmime::net::socket> inner, std::shared_ptr<WireCounter> counter);

    void connect(const vmime::string& address, vmime::port_t port) override;
    void disconnect() override;
    bool isConnected() const override;
    bool waitForRead(int msecs = 30000) override;
    bool waitForWrite(int msecs = 30000) override;
    void receive(vmime::string& buffer) override;
    size_t receiveRaw(vmime::byte_t* buffer, size_t count) override;
    void send(const vmime::string& buffer) override;
    void send(const char* str) override;
    void sendRaw(const vmime::byte_t* buffer, size_t count) override;
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) override;
    size_t getBlockSize() const override;
    unsigned int getStatus() const override;
    const vmime::string getPeerName() const override;
    const vmime::string getPeerAddress() const override;
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override;
    void setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) override;
    vmime::shared_ptr<vmime::net::tracer> getTracer() override;

private:
    vmime::shared_ptr<vmime::net::socket> inner_;
    std::shared_ptr<WireCounter> counter_;
};

}  // namespace petrel::net
