// Issue 6 item 4: the real petrel-cli binary is killed (SIGKILL) while it sends, at the two
// moments that matter, held there by a proxy between it and Postfix (the proxy only sees TLS
// records, so it holds by byte count):
//   - mid-upload: the server never got the whole message;
//   - after the upload, before the server's "250 queued" reaches the client: the server has it,
//     the client cannot know.
// Afterwards the outbox still holds the message (never lost), a later flush never sends it a
// second time (the item is held as "interrupted" unless Sent proves it went out), and an
// explicit retry of an item that never went out delivers it exactly once.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

#include "SendTestSupport.h"
#include "support/ChildProcess.h"

using namespace petrel;
using namespace petrel::testing;
using namespace petrel::testing::send;

namespace {

// Forwards one SMTP connection to Postfix and holds it at a byte count of the upload.
class StallProxy {
public:
    enum class Hold { Upload, Reply };

    StallProxy(std::uint16_t target, Hold hold, std::uint64_t threshold)
        : target_(target), hold_(hold), threshold_(threshold) {
        listener_ = std::make_unique<LoopbackListener>([this](int fd) {
            std::lock_guard lock(mutex_);
            threads_.emplace_back([this, fd] { serve(fd); });
        });
    }
    ~StallProxy() {
        stop_ = true;
        listener_.reset();
        std::lock_guard lock(mutex_);
        for (auto& t : threads_) t.join();
    }
    std::uint16_t port() const { return listener_->port(); }
    bool holding() const { return holding_; }

private:
    void serve(int client) {
        const int server = connectLoopback(target_);
        if (server < 0) {
            ::close(client);
            return;
        }
        std::thread down([&] { pump(server, client, false); });
        pump(client, server, true);
        down.join();
        ::close(client);
        ::close(server);
    }

    // Copies from -> to until EOF or stop; the upload direction counts bytes and stops
    // forwarding past the threshold (Hold::Upload); the reply direction drops what the server
    // says once the upload passed the threshold (Hold::Reply).
    void pump(int from, int to, bool upload) {
        char buffer[16384];
        for (;;) {
            pollfd p{from, POLLIN, 0};
            const int ready = ::poll(&p, 1, 50);
            if (stop_) break;
            if (ready <= 0) continue;
            if (upload && hold_ == Hold::Upload && uploaded_ >= threshold_) {
                holding_ = true;  // leave the bytes unread: the client blocks, the server waits
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            const ssize_t n = ::read(from, buffer, sizeof buffer);
            if (n <= 0) break;
            std::size_t forward = static_cast<std::size_t>(n);
            if (upload && hold_ == Hold::Upload && uploaded_ + forward > threshold_)
                forward = static_cast<std::size_t>(threshold_ - uploaded_);
            if (!upload && hold_ == Hold::Reply && uploaded_ >= threshold_) {
                holding_ = true;
                continue;
            }
            if (::send(to, buffer, forward, MSG_NOSIGNAL) != static_cast<ssize_t>(forward)) break;
            if (upload) uploaded_ += forward;
            if (forward < static_cast<std::size_t>(n)) holding_ = true;  // the rest is dropped
        }
        ::shutdown(to, SHUT_WR);
        if (upload) ::shutdown(from, SHUT_RD);
    }

    std::uint16_t target_;
    Hold hold_;
    std::uint64_t threshold_;
    std::atomic<std::uint64_t> uploaded_{0};
    std::atomic<bool> holding_{false};
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::list<std::thread> threads_;
    std::unique_ptr<LoopbackListener> listener_;
};

class SendCrashTest : public ::testing::Test {
protected:
    // Starts the real petrel-cli sending in a child process; returns its pid.
    pid_t startSend(const SendingAccount& account, const std::vector<std::string>& sendArgs) {
        std::vector<std::string> args = {PETREL_CLI_PATH, "--profile", account.cli().profileDir().string()};
        args.insert(args.end(), sendArgs.begin(), sendArgs.end());
        return spawnProcess(args, account.cli().dir() / "child.log");
    }

    static bool waitFor(const std::function<bool()>& condition, std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!condition()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    static void killHard(pid_t pid) {
        ASSERT_GT(pid, 0);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "petrel-cli ended before it could be killed";
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }

    // The message every run sends: a ~3 MiB attachment keeps the upload long enough to hold.
    static constexpr std::size_t kAttachment = 3 * 1024 * 1024;
};

TEST_F(SendCrashTest, KilledAfterTheServerAcceptedIsNeverSentTwice) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount account(alice, "send-crash-reply");
    // base64 makes 4/3 of the attachment: the threshold falls in the last few percent of the
    // body, after the server's 354 and before its final reply.
    StallProxy proxy(server.smtpPort(), StallProxy::Hold::Reply, kAttachment * 4 / 3);
    account.amend([&](model::AccountConfig& a) { a.smtp->port = proxy.port(); });
    const std::string subject = "crash after upload";
    pid_t pid = startSend(account, {"send", "acct", "--to", bob.address, "--subject", subject, "--body-file",
                                    account.file("b.txt", "big\n"), "--attach",
                                    account.file("big.bin", randomBytes(kAttachment, 5))});
    ASSERT_TRUE(waitFor([&] { return proxy.holding(); }, std::chrono::seconds(60)));
    auto bobImap = imapLogin(bob);
    // The server accepted it: it reaches Bob while the client still waits for the reply.
    auto delivered = [&] {
        bobImap->imapOk("EXAMINE INBOX");
        return searchUids(*bobImap, "SUBJECT \"" + subject + "\"");
    };
    ASSERT_TRUE(waitFor([&] { return delivered().size() == 1; }, std::chrono::seconds(30)))
        << server.logTail();
    killHard(pid);

    auto items = account.ok({"outbox", "acct"})["items"];
    ASSERT_EQ(items.size(), 1u) << "the outbox survives the kill";
    EXPECT_EQ(items[0].value("state", ""), "sending");

    account.amend([&](model::AccountConfig& a) { a.smtp->port = server.smtpPort(); });
    auto flushed = account.ok({"outbox", "acct", "--flush"});
    EXPECT_EQ(flushed.value("sent", 9), 0) << flushed.dump(2);
    items = account.ok({"outbox", "acct"})["items"];
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].value("state", ""), "failed");
    EXPECT_NE(items[0].value("last_error", "").find("interrupted"), std::string::npos);
    account.ok({"sync", "acct"});
    account.ok({"outbox", "acct", "--flush"});
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_EQ(delivered().size(), 1u) << "never sent a second time";
}

TEST_F(SendCrashTest, KilledMidUploadKeepsTheMessageAndARetrySendsItOnce) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount account(alice, "send-crash-upload");
    StallProxy proxy(server.smtpPort(), StallProxy::Hold::Upload, kAttachment / 2);
    account.amend([&](model::AccountConfig& a) { a.smtp->port = proxy.port(); });
    const std::string subject = "crash mid upload";
    pid_t pid = startSend(account, {"send", "acct", "--to", bob.address, "--subject", subject, "--body-file",
                                    account.file("b.txt", "big\n"), "--attach",
                                    account.file("big.bin", randomBytes(kAttachment, 9))});
    ASSERT_TRUE(waitFor([&] { return proxy.holding(); }, std::chrono::seconds(60)));
    killHard(pid);

    auto items = account.ok({"outbox", "acct"})["items"];
    ASSERT_EQ(items.size(), 1u) << "the outbox survives the kill";
    EXPECT_EQ(items[0].value("state", ""), "sending");
    const auto id = items[0].value("id", 0LL);

    account.amend([&](model::AccountConfig& a) { a.smtp->port = server.smtpPort(); });
    auto flushed = account.ok({"outbox", "acct", "--flush"});
    EXPECT_EQ(flushed.value("sent", 9), 0) << "interrupted items are not resent on a guess";
    auto bobImap = imapLogin(bob);
    auto delivered = [&] {
        bobImap->imapOk("EXAMINE INBOX");
        return searchUids(*bobImap, "SUBJECT \"" + subject + "\"");
    };
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_TRUE(delivered().empty()) << "the cut upload never became a message";

    auto retried = account.ok({"outbox", "acct", "--retry", std::to_string(id)});
    EXPECT_EQ(retried.value("sent", 0), 1) << retried.dump(2);
    EXPECT_TRUE(account.ok({"outbox", "acct"})["items"].empty());
    ASSERT_TRUE(waitFor([&] { return !delivered().empty(); }, std::chrono::seconds(30)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_EQ(delivered().size(), 1u);
    auto aliceImap = imapLogin(alice);
    aliceImap->imapOk("EXAMINE Sent");
    EXPECT_EQ(searchUids(*aliceImap, "SUBJECT \"" + subject + "\"").size(), 1u);
}

}  // namespace
