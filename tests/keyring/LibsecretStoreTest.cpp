// Tests against a real Secret Service. Run them under tests/servers/with-keyring, which starts a
// private session bus with an unlocked gnome-keyring and sets PETREL_TEST_KEYRING; without it
// every test skips, so a developer's own keyring is never touched.
#include "engine/LibsecretStore.h"
#include "engine/SecretStore.h"
#include "model/Error.h"

#include <libsecret/secret.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using petrel::engine::LibsecretStore;
using petrel::engine::makePlatformSecretStore;
using petrel::engine::SecretStore;
using petrel::model::Error;
using petrel::model::ErrorKind;
using namespace std::chrono_literals;

namespace {

std::string keyringMode() {
    const char* mode = std::getenv("PETREL_TEST_KEYRING");
    return mode ? mode : "";
}

#define REQUIRE_KEYRING_MODE(wanted)                                                               \
    do {                                                                                           \
        if (keyringMode() != (wanted))                                                             \
            FAIL() << "needs tests/servers/with-keyring (PETREL_TEST_KEYRING=" << (wanted) << ")";      \
    } while (0)

Error errorFrom(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error thrown";
    return Error(ErrorKind::Usage, "none");
}

struct GErrorFree {
    void operator()(GError* e) const { g_error_free(e); }
};
struct HashUnref {
    void operator()(GHashTable* t) const { g_hash_table_unref(t); }
};
struct ListFree {
    void operator()(GList* l) const { g_list_free_full(l, g_object_unref); }
};
struct ObjectUnref {
    void operator()(gpointer o) const { g_object_unref(o); }
};
struct ValueUnref {
    void operator()(SecretValue* v) const { secret_value_unref(v); }
};
struct GFree {
    void operator()(gchar* p) const { g_free(p); }
};

SecretService* service() {
    GError* raw = nullptr;
    SecretService* s = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nullptr, &raw);
    std::unique_ptr<GError, GErrorFree> err(raw);
    EXPECT_NE(s, nullptr) << (err ? err->message : "");
    return s;
}

// wxSecretStore's schema, written out independently of LibsecretStore.cpp.
const SecretSchema* wxSchema() {
    static const SecretSchema schema = [] {
        SecretSchema s{};
        s.name = "org.freedesktop.Secret.Generic";
        s.flags = SECRET_SCHEMA_NONE;
        s.attributes[0] = {"service", SECRET_SCHEMA_ATTRIBUTE_STRING};
        s.attributes[1] = {"user", SECRET_SCHEMA_ATTRIBUTE_STRING};
        return s;
    }();
    return &schema;
}

struct FoundItem {
    std::string label;
    std::map<std::string, std::string> attributes;
    std::string secret;
};

// Every item whose attributes include `match`, searched with no schema (no xdg:schema filter),
// so this sees exactly what is in the keyring.
std::vector<FoundItem> searchItems(const std::map<std::string, std::string>& match) {
    std::unique_ptr<SecretService, ObjectUnref> svc(service());
    std::unique_ptr<GHashTable, HashUnref> attrs(g_hash_table_new(g_str_hash, g_str_equal));
    for (const auto& [k, v] : match)
        g_hash_table_insert(attrs.get(), const_cast<char*>(k.c_str()), const_cast<char*>(v.c_str()));
    GError* raw = nullptr;
    std::unique_ptr<GList, ListFree> found(secret_service_search_sync(
        svc.get(), nullptr, attrs.get(),
        static_cast<SecretSearchFlags>(SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS), nullptr,
        &raw));
    std::unique_ptr<GError, GErrorFree> err(raw);
    EXPECT_EQ(err, nullptr) << (err ? err->message : "");
    std::vector<FoundItem> items;
    for (GList* l = found.get(); l; l = l->next) {
        auto* item = static_cast<SecretItem*>(l->data);
        FoundItem f;
        std::unique_ptr<gchar, GFree> label(secret_item_get_label(item));
        f.label = label ? label.get() : "";
        std::unique_ptr<GHashTable, HashUnref> itemAttrs(secret_item_get_attributes(item));
        GHashTableIter it;
        gpointer key = nullptr;
        gpointer value = nullptr;
        g_hash_table_iter_init(&it, itemAttrs.get());
        while (g_hash_table_iter_next(&it, &key, &value))
            f.attributes[static_cast<const char*>(key)] = static_cast<const char*>(value);
        std::unique_ptr<SecretValue, ValueUnref> secret(secret_item_get_secret(item));
        if (secret) {
            gsize length = 0;
            const gchar* data = secret_value_get(secret.get(), &length);
            f.secret.assign(data, length);
        }
        items.push_back(std::move(f));
    }
    return items;
}

std::string runTool(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p)
        return out;
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), p))
        out += buf.data();
    pclose(p);
    return out;
}

class Keyring : public ::testing::Test {
protected:
    void SetUp() override { REQUIRE_KEYRING_MODE("unlocked"); }
    LibsecretStore store;
};

}  // namespace

TEST_F(Keyring, StoreThenLookup) {
    store.store("work", "alice@example.com", "correct horse battery staple");
    EXPECT_EQ(store.lookup("work", "alice@example.com"), "correct horse battery staple");
}

TEST_F(Keyring, LookupOfMissingIsNullopt) {
    EXPECT_EQ(store.lookup("never-stored", "nobody"), std::nullopt);
}

TEST_F(Keyring, StoreOverwritesInPlace) {
    store.store("overwrite", "bob", "first");
    store.store("overwrite", "bob", "second");
    EXPECT_EQ(store.lookup("overwrite", "bob"), "second");
    // Replaced, not added beside it.
    EXPECT_EQ(searchItems({{"service", "Petrel/overwrite"}}).size(), 1u);
}

TEST_F(Keyring, RemoveDeletes) {
    store.store("remove", "carol", "to be removed");
    EXPECT_TRUE(store.remove("remove", "carol"));
    EXPECT_EQ(store.lookup("remove", "carol"), std::nullopt);
    EXPECT_TRUE(searchItems({{"service", "Petrel/remove"}}).empty());
    EXPECT_FALSE(store.remove("remove", "carol"));
}

TEST_F(Keyring, AccountsAndUsersDoNotSeeEachOthersSecrets) {
    store.store("home", "dave", "home-secret");
    store.store("office", "dave", "office-secret");
    store.store("home", "erin", "erin-secret");
    EXPECT_EQ(store.lookup("home", "dave"), "home-secret");
    EXPECT_EQ(store.lookup("office", "dave"), "office-secret");
    EXPECT_EQ(store.lookup("home", "erin"), "erin-secret");
    EXPECT_EQ(store.lookup("office", "erin"), std::nullopt);
    // A prefix of another account's name is another account.
    EXPECT_EQ(store.lookup("hom", "dave"), std::nullopt);

    EXPECT_TRUE(store.remove("home", "dave"));
    EXPECT_EQ(store.lookup("office", "dave"), "office-secret");
    EXPECT_EQ(store.lookup("home", "erin"), "erin-secret");
}

TEST_F(Keyring, ItemUsesTheWxCompatibleSchema) {
    store.store("schema", "frank@example.com", "schema-secret");
    const auto items = searchItems({{"service", "Petrel/schema"}});
    ASSERT_EQ(items.size(), 1u);
    const FoundItem& item = items.front();
    EXPECT_EQ(item.label, "Petrel: schema");
    const std::map<std::string, std::string> expected = {
        {"xdg:schema", "org.freedesktop.Secret.Generic"},
        {"service", "Petrel/schema"},
        {"user", "frank@example.com"},
    };
    EXPECT_EQ(item.attributes, expected);
    EXPECT_EQ(item.secret, "schema-secret");
}

TEST_F(Keyring, SecretToolSeesTheItem) {
    // The same check from outside the process, with the stock command-line client.
    store.store("tool", "gina", "tool-secret");
    const std::string listing = runTool("secret-tool search --all service Petrel/tool 2>&1");
    EXPECT_NE(listing.find("label = Petrel: tool"), std::string::npos) << listing;
    EXPECT_NE(listing.find("schema = org.freedesktop.Secret.Generic"), std::string::npos) << listing;
    EXPECT_NE(listing.find("attribute.service = Petrel/tool"), std::string::npos) << listing;
    EXPECT_NE(listing.find("attribute.user = gina"), std::string::npos) << listing;
    EXPECT_EQ(runTool("secret-tool lookup service Petrel/tool user gina"), "tool-secret");
}

TEST_F(Keyring, WxCanReadWhatWeStore) {
    // wxSecretStore::Load(service) searches by service alone, with its schema, and takes the
    // first item's user attribute and raw secret bytes.
    store.store("wxread", "hank", "pässwörd ✓");
    std::unique_ptr<SecretService, ObjectUnref> svc(service());
    std::unique_ptr<GHashTable, HashUnref> attrs(
        secret_attributes_build(wxSchema(), "service", "Petrel/wxread", static_cast<const char*>(nullptr)));
    GError* raw = nullptr;
    std::unique_ptr<GList, ListFree> found(secret_service_search_sync(
        svc.get(), wxSchema(), attrs.get(),
        static_cast<SecretSearchFlags>(SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS), nullptr, &raw));
    std::unique_ptr<GError, GErrorFree> err(raw);
    ASSERT_EQ(err, nullptr) << err->message;
    ASSERT_NE(found, nullptr);
    auto* item = static_cast<SecretItem*>(found->data);
    std::unique_ptr<GHashTable, HashUnref> itemAttrs(secret_item_get_attributes(item));
    EXPECT_STREQ(static_cast<const char*>(g_hash_table_lookup(itemAttrs.get(), "user")), "hank");
    std::unique_ptr<SecretValue, ValueUnref> value(secret_item_get_secret(item));
    ASSERT_NE(value, nullptr);
    gsize length = 0;
    const gchar* data = secret_value_get(value.get(), &length);
    EXPECT_EQ(std::string(data, length), "pässwörd ✓");
}

TEST_F(Keyring, WeCanReadWhatWxStores) {
    // wxSecretStore::Save: secret_service_store_sync with its schema, service + user
    // attributes, the service as label, and the value as application/octet-stream.
    std::unique_ptr<SecretService, ObjectUnref> svc(service());
    std::unique_ptr<GHashTable, HashUnref> attrs(secret_attributes_build(
        wxSchema(), "service", "Petrel/wxwrite", "user", "ivan", static_cast<const char*>(nullptr)));
    const std::string secret = "written by wx ✓";
    std::unique_ptr<SecretValue, ValueUnref> value(
        secret_value_new(secret.data(), static_cast<gssize>(secret.size()), "application/octet-stream"));
    GError* raw = nullptr;
    const gboolean ok = secret_service_store_sync(svc.get(), wxSchema(), attrs.get(), SECRET_COLLECTION_DEFAULT,
                                                  "Petrel/wxwrite", value.get(), nullptr, &raw);
    std::unique_ptr<GError, GErrorFree> err(raw);
    ASSERT_TRUE(ok) << (err ? err->message : "");
    EXPECT_EQ(store.lookup("wxwrite", "ivan"), secret);
    EXPECT_TRUE(store.remove("wxwrite", "ivan"));
}

TEST_F(Keyring, Utf8NamesAndSecretsRoundTrip) {
    store.store("Büro ✉", "jürgen@example.com", "ñ-€-𝄞 spaces  and\ttabs");
    EXPECT_EQ(store.lookup("Büro ✉", "jürgen@example.com"), "ñ-€-𝄞 spaces  and\ttabs");
}

TEST_F(Keyring, InvalidUtf8NamesAreUsageErrors) {
    const Error e = errorFrom([&] { store.store("bad\xff", "kim", "s"); });
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
}

TEST_F(Keyring, LongSecretRoundTrips) {
    const std::string longSecret(8000, 'k');
    store.store("long", "lee", longSecret);
    EXPECT_EQ(store.lookup("long", "lee"), longSecret);
}

TEST_F(Keyring, WorkerThreadsCanUseItConcurrently) {
    // Each account connection has its own worker thread and may ask at the same time.
    for (int i = 0; i < 4; ++i)
        store.store("thread" + std::to_string(i), "user", "secret-" + std::to_string(i));
    std::vector<std::thread> threads;
    std::array<int, 4> good{};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            for (int round = 0; round < 10; ++round) {
                if (store.lookup("thread" + std::to_string(i), "user") == "secret-" + std::to_string(i))
                    ++good[static_cast<std::size_t>(i)];
            }
        });
    }
    for (auto& t : threads)
        t.join();
    for (int n : good)
        EXPECT_EQ(n, 10);
}

TEST_F(Keyring, PlatformFactoryGivesTheLibsecretStore) {
    auto platform = makePlatformSecretStore();
    platform->store("factory", "mia", "via-factory");
    EXPECT_EQ(store.lookup("factory", "mia"), "via-factory");
    EXPECT_TRUE(platform->remove("factory", "mia"));
}

// Locking the default collection cannot be undone without a prompt, so these run only in their
// own ctest entry (keyring_locked sets PETREL_TEST_KEYRING_MAY_LOCK).
TEST(LockedKeyring, GivesAClearStorageErrorInBoundedTime) {
    REQUIRE_KEYRING_MODE("unlocked");
    if (!std::getenv("PETREL_TEST_KEYRING_MAY_LOCK"))
        FAIL() << "locks the keyring: run alone with PETREL_TEST_KEYRING_MAY_LOCK=1 (ctest entry keyring_locked)";

    LibsecretStore store;
    store.store("locked", "nina", "Locked-Secret-77");

    std::unique_ptr<SecretService, ObjectUnref> svc(service());
    GError* raw = nullptr;
    std::unique_ptr<SecretCollection, ObjectUnref> collection(
        secret_collection_for_alias_sync(svc.get(), SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, nullptr, &raw));
    std::unique_ptr<GError, GErrorFree> err(raw);
    ASSERT_NE(collection, nullptr) << (err ? err->message : "");
    GList objects{};
    objects.data = collection.get();
    raw = nullptr;
    ASSERT_EQ(secret_service_lock_sync(svc.get(), &objects, nullptr, nullptr, &raw), 1);
    err.reset(raw);
    ASSERT_TRUE(secret_collection_get_locked(collection.get()));

    const auto start = std::chrono::steady_clock::now();
    const Error lookup = errorFrom([&] { store.lookup("locked", "nina"); });
    const Error stored = errorFrom([&] { store.store("locked", "nina", "Locked-Secret-88"); });
    // Must not report "nothing to remove" while the item is still there.
    const Error removed = errorFrom([&] { store.remove("locked", "nina"); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 60s);
    // Nothing stored under this name: not finding it needs no unlocking.
    EXPECT_EQ(store.lookup("locked-but-absent", "nina"), std::nullopt);

    for (const Error* e : {&lookup, &stored, &removed}) {
        EXPECT_EQ(e->kind(), ErrorKind::Storage);
        const std::string what = e->what();
        EXPECT_NE(what.find("locked"), std::string::npos) << what << " / " << e->detail();
        EXPECT_NE(what.find("Unlock"), std::string::npos) << what;
        EXPECT_EQ(what.find("Locked-Secret"), std::string::npos) << what;
        EXPECT_EQ(e->detail().find("Locked-Secret"), std::string::npos) << e->detail();
    }
}

// Under `with-keyring --no-daemon`: a session bus, but no Secret Service on it.
TEST(NoKeyringDaemon, GivesAClearStorageErrorInBoundedTime) {
    REQUIRE_KEYRING_MODE("none");
    LibsecretStore store;
    const auto start = std::chrono::steady_clock::now();
    const Error lookup = errorFrom([&] { store.lookup("work", "olga"); });
    const Error stored = errorFrom([&] { store.store("work", "olga", "NoDaemon-Secret-99"); });
    const Error removed = errorFrom([&] { store.remove("work", "olga"); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
    for (const Error* e : {&lookup, &stored, &removed}) {
        EXPECT_EQ(e->kind(), ErrorKind::Storage);
        const std::string what = e->what();
        EXPECT_NE(what.find("no Secret Service is running"), std::string::npos) << what << " / " << e->detail();
        EXPECT_NE(what.find("password command"), std::string::npos) << what;
        EXPECT_EQ(what.find("NoDaemon-Secret"), std::string::npos) << what;
    }
}
