// COMPRESS=DEFLATE (RFC 4978) against the project's Dovecot (imap_zlib): the same header sync
// with compression on and off, measured on the wire counters in the same test; and a recording
// transport under the WireCounter that shows what really left the machine.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <vmime/platforms/posix/posixHandler.hpp>

#include "net/ImapSession.h"
#include "net/WireCounter.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"
#include "support/MailServer.h"

using petrel::testing::MailServer;
namespace fs = std::filesystem;

namespace {

// The TCP socket as vmime's platform makes it, keeping a copy of every byte sent.
class RecordingSocket : public vmime::net::socket {
public:
    RecordingSocket(vmime::shared_ptr<vmime::net::socket> inner, std::shared_ptr<std::string> sent)
        : inner_(std::move(inner)), sent_(std::move(sent)) {}
    void connect(const vmime::string& address, vmime::port_t port) override { inner_->connect(address, port); }
    void disconnect() override { inner_->disconnect(); }
    bool isConnected() const override { return inner_->isConnected(); }
    bool waitForRead(int msecs) override { return inner_->waitForRead(msecs); }
    bool waitForWrite(int msecs) override { return inner_->waitForWrite(msecs); }
    void receive(vmime::string& buffer) override { inner_->receive(buffer); }
    size_t receiveRaw(vmime::byte_t* buffer, size_t count) override { return inner_->receiveRaw(buffer, count); }
    void send(const vmime::string& buffer) override {
        *sent_ += buffer;
        inner_->send(buffer);
    }
    void send(const char* str) override {
        *sent_ += str;
        inner_->send(str);
    }
    void sendRaw(const vmime::byte_t* buffer, size_t count) override {
        sent_->append(reinterpret_cast<const char*>(buffer), count);
        inner_->sendRaw(buffer, count);
    }
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) override {
        const size_t n = inner_->sendRawNonBlocking(buffer, count);
        sent_->append(reinterpret_cast<const char*>(buffer), n);
        return n;
    }
    size_t getBlockSize() const override { return inner_->getBlockSize(); }
    unsigned int getStatus() const override { return inner_->getStatus(); }
    const vmime::string getPeerName() const override { return inner_->getPeerName(); }
    const vmime::string getPeerAddress() const override { return inner_->getPeerAddress(); }
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override { return inner_->getTimeoutHandler(); }
    void setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) override { inner_->setTracer(std::move(tracer)); }
    vmime::shared_ptr<vmime::net::tracer> getTracer() override { return inner_->getTracer(); }

private:
    vmime::shared_ptr<vmime::net::socket> inner_;
    std::shared_ptr<std::string> sent_;
};

class RecordingFactory : public vmime::net::socketFactory {
public:
    std::shared_ptr<std::string> sent = std::make_shared<std::string>();
    vmime::shared_ptr<vmime::net::socket> create() override {
        return vmime::make_shared<RecordingSocket>(platform()->create(), sent);
    }
    vmime::shared_ptr<vmime::net::socket> create(vmime::shared_ptr<vmime::net::timeoutHandler> th) override {
        return vmime::make_shared<RecordingSocket>(platform()->create(th), sent);
    }

private:
    static vmime::shared_ptr<vmime::net::socketFactory> platform() {
        return vmime::platform::getHandler()->getSocketFactory();
    }
};

struct SyncRun {
    std::uint64_t received = 0;  // wire bytes of the folder sync itself
    std::uint64_t sent = 0;
    bool compressed = false;
    std::string sentOnWire;  // every byte of the connection, as the TCP socket saw it
    std::vector<petrel::model::MessageSummary> messages;
};

SyncRun syncInbox(const petrel::testing::TestUser& user, bool compress, const fs::path& dbFile) {
    auto& server = MailServer::instance();
    petrel::model::AccountConfig account;
    account.name = "deflate";
    account.user = user.name;
    account.incoming.host = server.host();
    account.incoming.port = server.imapPort();
    account.incoming.security = petrel::model::Security::Plain;  // so the recorded bytes are readable
    account.allowPlaintext = true;
    account.compress = compress;
    fs::remove(dbFile);
    petrel::store::Db db(dbFile.string());
    account.id = petrel::store::AccountRepository(db).add(account);
    auto recorder = std::make_shared<RecordingFactory>();
    petrel::net::ConnectOptions options;
    options.wire = petrel::net::WireCounter::make(recorder);
    SyncRun run;
    {
        petrel::net::ImapSession session(account, [p = user.password] { return p; }, options);
        session.connect();
        run.compressed = session.compressed();
        petrel::sync::refreshImapFolders(session, db, account.id);
        const auto inbox = petrel::store::FolderRepository(db).find(account.id, "INBOX")->id;
        const auto before = session.wireBytes();
        const auto result = petrel::sync::ImapFolderSync(session, db).sync(inbox);
        const auto cost = session.wireBytes() - before;
        run.received = cost.received;
        run.sent = cost.sent;
        EXPECT_EQ(result.added, 1000u);
        petrel::store::MessageIndex index(db);
        for (auto uid : index.uids(inbox)) {
            auto m = index.find(inbox, uid);
            if (m) run.messages.push_back(*m);
        }
        session.logout();
    }
    run.sentOnWire = *recorder->sent;
    return run;
}

}  // namespace

TEST(ImapCompressTest, DeflateCutsHeaderSyncBytesAndChangesNothingInTheIndex) {
    auto user = MailServer::instance().createUser("bulk:1000");
    const fs::path dir = fs::temp_directory_path() / ("petrel-deflate-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const SyncRun plain = syncInbox(user, false, dir / "plain.db");
    const SyncRun deflated = syncInbox(user, true, dir / "deflate.db");
    fs::remove_all(dir);

    EXPECT_FALSE(plain.compressed);
    EXPECT_TRUE(deflated.compressed) << "Dovecot advertises COMPRESS=DEFLATE (imap_zlib)";
    // account.compress = false: no COMPRESS command ever left the machine.
    EXPECT_EQ(plain.sentOnWire.find("COMPRESS"), std::string::npos);
    EXPECT_NE(plain.sentOnWire.find(" FETCH "), std::string::npos);  // the recorder did see the dialogue
    // On: the command was sent in clear, and nothing after it is readable IMAP.
    const auto at = deflated.sentOnWire.find(" COMPRESS DEFLATE\r\n");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(deflated.sentOnWire.find(" FETCH ", at), std::string::npos);
    EXPECT_EQ(deflated.sentOnWire.find("EXAMINE", at), std::string::npos);

    std::printf("[ COMPRESS ] bulk:1000 header sync: received %llu bytes plain, %llu deflated (%.2fx); sent %llu / %llu\n",
                static_cast<unsigned long long>(plain.received), static_cast<unsigned long long>(deflated.received),
                static_cast<double>(plain.received) / static_cast<double>(deflated.received ? deflated.received : 1),
                static_cast<unsigned long long>(plain.sent), static_cast<unsigned long long>(deflated.sent));
    EXPECT_GT(deflated.received, 0u);
    EXPECT_GE(plain.received, 3 * deflated.received);

    // The index holds exactly the same content either way.
    ASSERT_EQ(plain.messages.size(), 1000u);
    ASSERT_EQ(deflated.messages.size(), plain.messages.size());
    for (std::size_t i = 0; i < plain.messages.size(); ++i) {
        const auto& a = plain.messages[i];
        const auto& b = deflated.messages[i];
        ASSERT_EQ(a.uid, b.uid);
        EXPECT_EQ(a.flags, b.flags) << a.uid;
        EXPECT_EQ(a.keywords, b.keywords) << a.uid;
        EXPECT_EQ(a.size, b.size) << a.uid;
        EXPECT_EQ(a.internalDate, b.internalDate) << a.uid;
        EXPECT_EQ(a.date, b.date) << a.uid;
        EXPECT_EQ(a.from, b.from) << a.uid;
        EXPECT_EQ(a.to, b.to) << a.uid;
        EXPECT_EQ(a.cc, b.cc) << a.uid;
        EXPECT_EQ(a.subject, b.subject) << a.uid;
        EXPECT_EQ(a.messageId, b.messageId) << a.uid;
        EXPECT_EQ(a.inReplyTo, b.inReplyTo) << a.uid;
        EXPECT_EQ(a.references, b.references) << a.uid;
        EXPECT_EQ(a.hasAttachment, b.hasAttachment) << a.uid;
        EXPECT_EQ(a.bodyStructure, b.bodyStructure) << a.uid;
    }
}
