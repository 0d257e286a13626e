// Issue 8 item 3: the real petrel-cli binary is killed (SIGKILL) at random points of an IMAP
// header sync of a mailbox of a few thousand messages, then of resyncs after the server changed
// (flags, expunges, new mail). After every kill: PRAGMA integrity_check is ok; no UID is stored
// twice; nothing the index holds contradicts the server (every stored UID exists there with the
// server's flags, since the server does not change during a run). Each profile is killed until a
// run finishes by itself: that run must converge to exactly the server's UIDs and flags, and its
// "added" count must be what was still missing (it resumed, it did not start over).
//
// The seed is printed; PETREL_CRASH_SEED=N repeats the sequence of delays (timing still varies).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/ChildProcess.h"
#include "support/CliProfile.h"
#include "support/ImapProbe.h"
#include "support/MailServer.h"
#include "support/MailboxSnapshot.h"

namespace fs = std::filesystem;
using nlohmann::json;
using petrel::testing::CliProfile;
using petrel::testing::MailServer;
using petrel::testing::TestUser;
using SteadyClock = std::chrono::steady_clock;

namespace {

// Runs `petrel-cli --profile DIR --json sync NAME --folder INBOX`, SIGKILLed after `killAfter`
// (never, when zero). stdout goes to `out`, stderr to `log`.
petrel::testing::KilledRun runCli(const CliProfile& cli, const fs::path& out, const fs::path& log,
                                  std::chrono::microseconds killAfter) {
    return petrel::testing::runKilledAfter(
        {PETREL_CLI_PATH, "--profile", cli.profileDir().string(), "--json", "sync", "acct", "--folder", "INBOX"},
        killAfter, std::chrono::seconds(180), log, out);
}

std::string readFile(const fs::path& p) {
    std::ifstream f(p);
    return {std::istreambuf_iterator<char>(f), {}};
}

// Another client changes the mailbox: flags on ~2% of the messages, a few expunged, a few new.
void changeServer(const TestUser& user, std::mt19937_64& random) {
    auto client = petrel::testing::imapLogin(user);
    auto& c = *client;
    c.imapOk("SELECT INBOX");
    const auto uids = petrel::testing::serverUidFlags(user);
    std::vector<std::uint32_t> all;
    for (const auto& [uid, f] : uids) all.push_back(uid);
    std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
    const char* flags[] = {"\\Seen", "\\Flagged", "\\Answered", "$Forwarded"};
    for (std::size_t i = 0; i < all.size() / 50; ++i) {
        const auto uid = all[pick(random)];
        c.imapOk("UID STORE " + std::to_string(uid) + (random() % 2 ? " +" : " -") + "FLAGS.SILENT (" +
                 flags[random() % 4] + ")");
    }
    for (int i = 0; i < 10; ++i) c.imapOk("UID STORE " + std::to_string(all[pick(random)]) + " +FLAGS.SILENT (\\Deleted)");
    c.imapOk("EXPUNGE");
    for (int i = 0; i < 15; ++i) {
        const std::string msg = "From: crash@example.com\r\nTo: " + user.address +
                                "\r\nSubject: new during crash test " + std::to_string(i) +
                                "\r\nMessage-ID: <crash-" + std::to_string(random()) +
                                "@example.com>\r\nDate: Fri, 27 Nov 2026 08:00:00 +0000\r\n\r\nbody\r\n";
        c.sendLine("a" + std::to_string(i) + " APPEND INBOX {" + std::to_string(msg.size()) + "+}");
        c.send(msg + "\r\n");
        c.readLinesUntil([&](const std::string& l) { return l.rfind("a" + std::to_string(i) + " ", 0) == 0; });
    }
    c.imap("LOGOUT");
}

}  // namespace

TEST(ImapCrashTest, KillingTheClientDuringSyncLosesAndDuplicatesNothing) {
    std::mt19937_64 random(petrel::testing::crashSeed());
    auto& s = MailServer::instance();
    const auto start = SteadyClock::now();

    unsigned kills = 0, finished = 0, profiles = 0;
    std::size_t messagesChecked = 0;
    constexpr unsigned kWantedKills = 50;
    constexpr unsigned kMaxKillsPerRound = 6;
    // Seconds an undisturbed first sync [0] and resync [1] take: the first of each calibrates.
    double window[2] = {0, 0};
    while (kills < kWantedKills && profiles < 10 && !::testing::Test::HasFailure() &&
           SteadyClock::now() - start < std::chrono::seconds(150)) {
        ++profiles;
        const TestUser user = s.createUser("bulk:2500");
        CliProfile cli("imapcrash");
        cli.ok({"account", "add", "acct", "--imap", "--host", s.host(), "--port", std::to_string(s.imapsPort()),
                "--security", "tls", "--trust-fingerprint", s.certSha256(), "--user", user.name, "--password-command",
                cli.passwordCommand("acct", user.password), "--offline"});
        const fs::path out = cli.dir() / "out.json", log = cli.dir() / "cli.log";
        // Round 0: the first header sync. Later rounds: resyncs after another client changed things.
        for (unsigned round = 0; round < 6 && kills < kWantedKills; ++round) {
            if (round > 0) changeServer(user, random);
            const auto server = petrel::testing::serverUidFlags(user);
            for (unsigned run = 1;; ++run) {
                const std::string where = user.name + " round " + std::to_string(round) + " run " + std::to_string(run);
                const auto before = petrel::testing::localSnapshot(cli.databasePath(), "acct");
                std::chrono::microseconds delay{0};
                const double w = window[round > 0];
                if (run <= kMaxKillsPerRound && w > 0) {
                    std::uniform_int_distribution<long long> pick(1000, static_cast<long long>(w * 1e6));
                    delay = std::chrono::microseconds(pick(random));
                }
                const auto o = runCli(cli, out, log, delay);
                const auto local = petrel::testing::localSnapshot(cli.databasePath(), "acct");
                ASSERT_EQ(local.integrity, "ok") << where;
                ASSERT_EQ(local.rows, local.uids.size()) << where << ": a UID is stored twice";
                for (const auto& [uid, flags] : local.uids) {
                    auto it = server.find(uid);
                    // A killed run may not have got to removing what the server expunged.
                    if (it == server.end() && o.killed && before.uids.count(uid)) continue;
                    ASSERT_TRUE(it != server.end()) << where << ": uid " << uid << " is not on the server; exit " << o.exitCode << " killed " << o.killed << " out " << readFile(out) << " log " << readFile(log);
                    // A killed run may have stored a message before its flags were refreshed
                    // in a later phase; what it stored must never be invented.
                    if (!o.killed) {
                        ASSERT_EQ(flags, it->second) << where << ": flags of uid " << uid;
                    }
                }
                messagesChecked += local.uids.size();
                if (o.killed) {
                    ++kills;
                    std::cout << "[ crash    ] " << where << ": killed after " << delay.count() / 1000 << " ms, "
                              << local.uids.size() << "/" << server.size() << " in the index\n";
                    continue;
                }
                ASSERT_EQ(o.exitCode, 0) << where << ": " << readFile(log);
                if (window[round > 0] == 0) window[round > 0] = o.seconds;
                ++finished;
                const auto diff = petrel::testing::describeDifference(server, local.uids);
                ASSERT_EQ(diff, "") << where << ": did not converge";
                const json doc = json::parse(readFile(out), nullptr, false);
                ASSERT_FALSE(doc.is_discarded()) << readFile(out);
                const auto added = doc["accounts"][0]["folders"][0]["added"].get<std::size_t>();
                std::size_t missing = 0;
                for (const auto& [uid, f] : server) missing += before.uids.count(uid) ? 0 : 1;
                EXPECT_EQ(added, missing) << where << ": the sync after the kills did not resume where it stopped";
                std::cout << "[ crash    ] " << where << ": finished by itself in " << o.seconds * 1000
                          << " ms, converged (" << server.size() << " messages, " << added << " added)\n";
                break;
            }
        }
    }
    std::cout << "[ crash    ] " << kills << " kills, " << finished << " runs finished and converged, " << profiles
              << " profiles, " << messagesChecked << " message rows checked, "
              << std::chrono::duration<double>(SteadyClock::now() - start).count() << " s\n";
    EXPECT_GE(kills, kWantedKills);
}
