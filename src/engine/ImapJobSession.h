#pragma once
#include <memory>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "model/AccountConfig.h"
#include "net/ImapSession.h"
#include "net/WireBytes.h"

namespace petrel::engine {

// The IMAP session of one job: connected on first use (work answered from the cache costs no
// connection), with the job's cancel token and the account's password source, logged out when
// the job is done. Lives and dies on the worker thread.
class ImapJobSession {
public:
    // `password`: one the user just typed; nullopt = the account's keyring entry or command.
    ImapJobSession(model::AccountConfig account, JobContext& job, std::optional<std::string> password = std::nullopt);
    ~ImapJobSession();
    ImapJobSession(const ImapJobSession&) = delete;
    ImapJobSession& operator=(const ImapJobSession&) = delete;

    net::ImapSession& get();
    bool connected() const { return session_ != nullptr; }
    net::WireBytes bytes() const;
    void close();

private:
    model::AccountConfig account_;
    JobContext& job_;
    std::optional<std::string> password_;
    std::unique_ptr<net::ImapSession> session_;
};

}  // namespace petrel::engine
