// Proves the test-server harness with real protocol exchanges over plain sockets (no vmime): the servers
// of tests/servers/petrel-mailserver answer IMAP, POP3 and SMTP as the other integration tests expect.
#include "support/MailServer.h"
#include "support/TcpClient.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;

namespace {

MailServer& server() { return MailServer::instance(); }

std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::unique_ptr<TcpClient> imapLogin(const TestUser& user)
{
    auto c = std::make_unique<TcpClient>(server().host(), server().imapPort());
    const std::string greeting = c->readLine();
    if (greeting.rfind("* OK", 0) != 0)
        throw std::runtime_error("IMAP greeting: " + greeting);
    c->imapOk("LOGIN " + quoted(user.name) + " " + quoted(user.password));
    return c;
}

long statusMessages(TcpClient& c, const std::string& mailbox)
{
    for (const auto& line : c.imapOk("STATUS " + quoted(mailbox) + " (MESSAGES)")) {
        const auto pos = line.find("(MESSAGES ");
        if (line.rfind("* STATUS", 0) == 0 && pos != std::string::npos)
            return std::stol(line.substr(pos + 10));
    }
    throw std::runtime_error("no STATUS reply for " + mailbox);
}

// Mailbox names of `* LIST (...) "/" name` lines, with their attribute lists.
std::vector<std::pair<std::string, std::string>> listed(const std::vector<std::string>& lines, const char* verb)
{
    std::vector<std::pair<std::string, std::string>> out;
    const std::string prefix = std::string("* ") + verb + " (";
    for (const auto& line : lines) {
        if (line.rfind(prefix, 0) != 0)
            continue;
        const auto close = line.find(')');
        const std::string flags = line.substr(prefix.size(), close - prefix.size());
        // after the flags: SP delimiter SP name
        auto rest = line.substr(close + 2);
        rest = rest.substr(rest.find(' ') + 1);
        if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
            rest = rest.substr(1, rest.size() - 2);
        out.emplace_back(rest, flags);
    }
    return out;
}

std::size_t filesIn(const fs::path& dir)
{
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file())
            ++n;
    return n;
}

std::size_t inboxFiles(const TestUser& user)
{
    const fs::path md = server().maildir(user);
    return filesIn(md / "cur") + filesIn(md / "new");
}

// POP3/SMTP: reads a multi-line POP3 reply body up to the terminating ".".
std::vector<std::string> pop3Body(TcpClient& c)
{
    auto lines = c.readLinesUntil([](const std::string& l) { return l == "."; });
    lines.pop_back();
    return lines;
}

std::string expectPop3Ok(TcpClient& c, const std::string& command)
{
    if (!command.empty())
        c.sendLine(command);
    std::string reply = c.readLine();
    if (reply.rfind("+OK", 0) != 0)
        throw std::runtime_error("POP3 " + command.substr(0, 4) + ": " + reply);
    return reply;
}

std::unique_ptr<TcpClient> pop3Login(const TestUser& user)
{
    auto c = std::make_unique<TcpClient>(server().host(), server().pop3Port());
    expectPop3Ok(*c, "");
    expectPop3Ok(*c, "USER " + user.name);
    expectPop3Ok(*c, "PASS " + user.password);
    return c;
}

std::string smtpReply(TcpClient& c, const std::string& expectCode)
{
    std::string all;
    for (;;) {
        const std::string line = c.readLine();
        all += line + "\n";
        if (line.size() < 4 || line[3] != '-') {
            if (line.rfind(expectCode, 0) != 0)
                throw std::runtime_error("SMTP: expected " + expectCode + ", got:\n" + all);
            return all;
        }
    }
}

class MailServerTest : public ::testing::Test {
protected:
    void TearDown() override
    {
        if (HasFailure())
            std::cerr << "Server logs:\n" << server().logTail(40);
    }
};

}  // namespace

TEST_F(MailServerTest, ImapGreetingAdvertisesStartTlsAndCompressAfterLogin)
{
    TcpClient c(server().host(), server().imapPort());
    const std::string greeting = c.readLine();
    EXPECT_EQ(greeting.rfind("* OK", 0), 0u) << greeting;
    const std::string before = joined(c.imapOk("CAPABILITY"));
    EXPECT_TRUE(contains(before, " STARTTLS")) << before;
    EXPECT_FALSE(contains(before, "LOGINDISABLED")) << "loopback must count as secure:\n" << before;

    const TestUser user = server().createUser("empty");
    c.imapOk("LOGIN " + quoted(user.name) + " " + quoted(user.password));
    const std::string after = joined(c.imapOk("CAPABILITY"));
    EXPECT_TRUE(contains(after, "COMPRESS=DEFLATE")) << after;
    EXPECT_TRUE(contains(after, "SPECIAL-USE")) << after;
    c.imapOk("LOGOUT");
}

TEST_F(MailServerTest, PlainLoginOnLoopbackAndNoAuthPenaltyAfterAWrongPassword)
{
    const TestUser user = server().createUser("empty");
    for (int i = 0; i < 3; ++i) {
        TcpClient c(server().host(), server().imapPort());
        c.readLine();
        const auto t0 = std::chrono::steady_clock::now();
        const auto reply = c.imap("LOGIN " + quoted(user.name) + " \"wrong-password\"");
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
        EXPECT_TRUE(contains(reply.back(), "NO")) << joined(reply);
        EXPECT_LT(ms.count(), 1000) << "a failed login was delayed: the auth-penalty work-around is missing";
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto c = imapLogin(user);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    EXPECT_LT(ms.count(), 1000) << "the login after failures was penalised";
    c->imapOk("LOGOUT");
}

TEST_F(MailServerTest, PlainLoginIsDisabledFromANonLoopbackPeerAddress)
{
    // Dovecot counts 127.0.0.1 -> 127.0.0.1 as secure; from 127.0.0.2 plaintext login must be refused.
    TcpClient c(server().host(), server().imapPort(), std::chrono::seconds(15), "127.0.0.2");
    c.readLine();
    const std::string caps = joined(c.imapOk("CAPABILITY"));
    EXPECT_TRUE(contains(caps, "LOGINDISABLED")) << caps;
    EXPECT_TRUE(contains(caps, "STARTTLS")) << caps;
}

TEST_F(MailServerTest, SampleUserListShowsNestedAndNonAsciiFolders)
{
    const TestUser user = server().createUser("sample");
    auto c = imapLogin(user);
    const auto all = listed(c->imapOk("LIST \"\" \"*\""), "LIST");
    auto has = [&](const std::string& name, const std::string& flag = {}) {
        return std::any_of(all.begin(), all.end(), [&](const auto& e) {
            return e.first == name && (flag.empty() || contains(e.second, flag));
        });
    };
    std::string names;
    for (const auto& e : all)
        names += "(" + e.second + ") " + e.first + "\n";
    EXPECT_TRUE(has("INBOX")) << names;
    EXPECT_TRUE(has("Sent", "\\Sent")) << names;
    EXPECT_TRUE(has("Drafts", "\\Drafts")) << names;
    EXPECT_TRUE(has("Trash", "\\Trash")) << names;
    EXPECT_TRUE(has("Junk", "\\Junk")) << names;
    EXPECT_TRUE(has("Archive", "\\Archive")) << names;
    EXPECT_TRUE(has("Archive/2024")) << names;
    EXPECT_TRUE(has("Archive/2025")) << names;
    EXPECT_TRUE(has("Projects/Petrel/Design")) << names;
    EXPECT_TRUE(has("Entw&APw-rfe")) << names;          // Entwürfe
    EXPECT_TRUE(has("&ZeVnLIqe-/Notizen")) << names;    // 日本語/Notizen
    EXPECT_TRUE(has("Q&-A")) << names;                  // Q&A

    const auto subscribed = listed(c->imapOk("LSUB \"\" \"*\""), "LSUB");
    auto sub = [&](const std::string& name) {
        return std::any_of(subscribed.begin(), subscribed.end(), [&](const auto& e) { return e.first == name; });
    };
    EXPECT_TRUE(sub("Archive/2025"));
    EXPECT_TRUE(sub("&ZeVnLIqe-/Notizen"));
    EXPECT_FALSE(sub("Archive/2024")) << "the sample leaves Archive/2024 unsubscribed";

    EXPECT_EQ(statusMessages(*c, "INBOX"), static_cast<long>(inboxFiles(user)));
    EXPECT_GE(statusMessages(*c, "Projects/Petrel/Design"), 1);
    c->imapOk("LOGOUT");
}

TEST_F(MailServerTest, Pop3StatCountsTheMaildirInbox)
{
    const TestUser user = server().createUser("sample");
    const std::size_t files = inboxFiles(user);
    ASSERT_GT(files, 10u);

    TcpClient c(server().host(), server().pop3Port());
    expectPop3Ok(c, "");
    expectPop3Ok(c, "CAPA");
    const std::string capa = joined(pop3Body(c));
    EXPECT_TRUE(contains(capa, "STLS")) << capa;
    expectPop3Ok(c, "USER " + user.name);
    expectPop3Ok(c, "PASS " + user.password);
    const std::string stat = expectPop3Ok(c, "STAT");  // "+OK <count> <octets>"
    EXPECT_EQ(std::stoul(stat.substr(4)), files) << stat;
    expectPop3Ok(c, "QUIT");
}

TEST_F(MailServerTest, Pop3DotStuffsLinesThatStartWithADot)
{
    const TestUser user = server().createUser("sample");
    auto c = pop3Login(user);
    const std::string stat = expectPop3Ok(*c, "STAT");
    const unsigned long count = std::stoul(stat.substr(4));
    unsigned long found = 0;
    for (unsigned long i = 1; i <= count && !found; ++i) {
        expectPop3Ok(*c, "TOP " + std::to_string(i) + " 0");
        for (const auto& l : pop3Body(*c))
            if (l == "Subject: Dot-stuffing test")
                found = i;
    }
    ASSERT_NE(found, 0u) << "the sample mail has no \"Dot-stuffing test\" message";
    expectPop3Ok(*c, "RETR " + std::to_string(found));
    const auto wire = pop3Body(*c);  // still stuffed: exactly what a client must undo
    auto hasLine = [&](const std::string& l) { return std::find(wire.begin(), wire.end(), l) != wire.end(); };
    EXPECT_TRUE(hasLine(".."));      // "."
    EXPECT_TRUE(hasLine("..."));     // ".."
    EXPECT_TRUE(hasLine("...."));    // "..."
    EXPECT_TRUE(hasLine("..hidden"));
    expectPop3Ok(*c, "RSET");
    expectPop3Ok(*c, "QUIT");
}

TEST_F(MailServerTest, SmtpMessageToAUserAppearsInItsImapInbox)
{
    const TestUser user = server().createUser("empty");
    auto imap = imapLogin(user);
    ASSERT_EQ(statusMessages(*imap, "INBOX"), 0);

    const std::string token = "harness-" + user.name;
    TcpClient smtp(server().host(), server().smtpPort());
    smtpReply(smtp, "220");
    smtp.sendLine("EHLO client.example.org");
    const std::string ehlo = smtpReply(smtp, "250");
    EXPECT_TRUE(contains(ehlo, "STARTTLS")) << ehlo;
    smtp.sendLine("MAIL FROM:<sender@example.org>");
    smtpReply(smtp, "250");
    smtp.sendLine("RCPT TO:<" + user.address + ">");
    smtpReply(smtp, "250");
    smtp.sendLine("DATA");
    smtpReply(smtp, "354");
    const auto sent = std::chrono::steady_clock::now();
    smtp.send("From: Sender <sender@example.org>\r\nTo: <" + user.address + ">\r\nSubject: " + token +
              "\r\nMessage-ID: <" + token + "@example.org>\r\n\r\nHello over SMTP.\r\n"
              "..a line that starts with a dot\r\n.\r\n");
    smtpReply(smtp, "250");
    smtp.sendLine("QUIT");
    smtpReply(smtp, "221");

    long messages = 0;
    const auto deadline = sent + std::chrono::seconds(5);
    while ((messages = statusMessages(*imap, "INBOX")) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent).count();
    ASSERT_EQ(messages, 1) << "the message did not arrive within 5 s";
    std::cout << "[ measure  ] SMTP -> IMAP delivery visible after " << ms << " ms\n";

    imap->imapOk("SELECT INBOX");
    const std::string fetched = joined(imap->imapOk("FETCH 1 (BODY.PEEK[])"));
    EXPECT_TRUE(contains(fetched, "Subject: " + token)) << fetched;
    EXPECT_TRUE(contains(fetched, "\r\n.a line that starts with a dot\r\n")) << fetched;
    imap->imapOk("LOGOUT");
}

TEST_F(MailServerTest, BulkUserHasTenThousandMessages)
{
    const auto t0 = std::chrono::steady_clock::now();
    const TestUser user = server().createUser("bulk:10000");
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "[ measure  ] createUser(\"bulk:10000\") took " << ms << " ms\n";
    EXPECT_EQ(inboxFiles(user), 10000u);
    auto c = imapLogin(user);
    EXPECT_EQ(statusMessages(*c, "INBOX"), 10000);
    c->imapOk("LOGOUT");
}

TEST_F(MailServerTest, EmptyUserHasTheSpecialUseFolders)
{
    const TestUser user = server().createUser("empty");
    auto c = imapLogin(user);
    const auto all = listed(c->imapOk("LIST \"\" \"*\""), "LIST");
    for (const char* flag : {"\\Sent", "\\Drafts", "\\Trash", "\\Junk", "\\Archive"}) {
        EXPECT_TRUE(std::any_of(all.begin(), all.end(), [&](const auto& e) { return contains(e.second, flag); }))
            << flag;
    }
    EXPECT_EQ(statusMessages(*c, "INBOX"), 0);
    c->imapOk("LOGOUT");
}

TEST_F(MailServerTest, ServersEnvDescribesTheCertificate)
{
    const std::string sha = server().certSha256();
    EXPECT_EQ(sha.size(), 64u);
    EXPECT_EQ(sha.find_first_not_of("0123456789abcdef"), std::string::npos) << sha;
    std::ifstream pem(server().certPemPath());
    std::string first;
    std::getline(pem, first);
    EXPECT_EQ(first, "-----BEGIN CERTIFICATE-----");
    EXPECT_EQ(server().host(), "127.0.0.1");
    EXPECT_NE(server().imapsPort(), server().imapPort());
    EXPECT_NE(server().pop3sPort(), server().pop3Port());
}
