#if !defined(_WIN32) && !defined(__APPLE__)

#include "engine/LibsecretStore.h"

#include "model/Error.h"

#include <libsecret/secret.h>

#include <memory>

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

namespace {

// Same schema as wxWidgets' src/unix/secretstore.cpp: flags NONE means libsecret stores the
// schema name as the "xdg:schema" attribute and matches it on lookup, exactly as wx does.
const SecretSchema* petrelSchema() {
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

struct GErrorFree {
    void operator()(GError* e) const { g_error_free(e); }
};
using ErrorPtr = std::unique_ptr<GError, GErrorFree>;

struct HashTableUnref {
    void operator()(GHashTable* t) const { g_hash_table_unref(t); }
};
using AttributesPtr = std::unique_ptr<GHashTable, HashTableUnref>;

// secret_password_free() wipes the (secure-memory) buffer before freeing it.
struct PasswordFree {
    void operator()(gchar* p) const { secret_password_free(p); }
};
using PasswordPtr = std::unique_ptr<gchar, PasswordFree>;

struct ObjectUnref {
    void operator()(gpointer o) const { g_object_unref(o); }
};
using BusPtr = std::unique_ptr<GDBusConnection, ObjectUnref>;

struct ListFree {
    void operator()(GList* l) const { g_list_free_full(l, g_object_unref); }
};
using ListPtr = std::unique_ptr<GList, ListFree>;

const char* const kRemedy =
    " Alternatively, give the account a password command (it prints the password, e.g. "
    "\"pass show mail/work\") so that no keyring is needed.";

void checkUtf8(const std::string& what, const std::string& value) {
    if (!g_utf8_validate(value.data(), static_cast<gssize>(value.size()), nullptr))
        throw Error(ErrorKind::Usage, "The " + what + " is not valid UTF-8; the keyring cannot file it.");
}

AttributesPtr attributesFor(const std::string& account, const std::string& user) {
    AttributesPtr attrs(g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free));
    g_hash_table_insert(attrs.get(), g_strdup("service"), g_strdup(secretServiceName(account).c_str()));
    g_hash_table_insert(attrs.get(), g_strdup("user"), g_strdup(user.c_str()));
    return attrs;
}

// Connects to the session bus first so that "no bus at all" gets its own message, and so the
// shared connection libsecret is about to use does not SIGTERM the whole process if the bus
// later closes. The returned reference keeps that connection (and its setting) alive across
// the libsecret call.
BusPtr sessionBus(const std::string& account) {
    GError* raw = nullptr;
    BusPtr bus(g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &raw));
    ErrorPtr err(raw);
    if (!bus) {
        throw Error(ErrorKind::Storage,
                    "Cannot reach the keyring for account '" + account +
                        "': there is no D-Bus session bus. Run Petrel inside a desktop session (or start one "
                        "with dbus-run-session and a Secret Service such as gnome-keyring-daemon)." +
                        kRemedy,
                    err ? err->message : "g_bus_get_sync failed");
    }
    g_dbus_connection_set_exit_on_close(bus.get(), FALSE);
    return bus;
}

[[noreturn]] void throwKeyringError(const std::string& action, const std::string& account, const GError* err) {
    const std::string detail = err ? err->message : "no error reported";
    const std::string head = "Could not " + action + " the password of account '" + account +
                             (action == "store" ? "' in" : "' from") + " the keyring: ";
    if (err && err->domain == G_DBUS_ERROR) {
        switch (err->code) {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
            throw Error(ErrorKind::Storage,
                        head + "no Secret Service is running on the session bus. Install and start one "
                               "(gnome-keyring, KeePassXC with Secret Service integration, or KWallet)." +
                            kRemedy,
                        detail);
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
            throw Error(ErrorKind::Storage,
                        head + "the keyring did not answer in time. Check that it is not waiting for you to "
                               "unlock it, then try again.",
                        detail);
        case G_DBUS_ERROR_ACCESS_DENIED:
        case G_DBUS_ERROR_AUTH_FAILED:
            throw Error(ErrorKind::Storage, head + "the keyring refused access. Allow Petrel in your keyring's "
                                                   "settings, then try again.",
                        detail);
        default:
            break;
        }
    }
    if (err && err->domain == SECRET_ERROR) {
        switch (err->code) {
        case SECRET_ERROR_IS_LOCKED:
            throw Error(ErrorKind::Storage,
                        head + "the keyring is locked. Unlock it (log in to your desktop session, or open "
                               "your keyring manager such as Seahorse), then try again.",
                        detail);
        case SECRET_ERROR_NO_SUCH_OBJECT:
            throw Error(ErrorKind::Storage,
                        head + "the keyring has no usable default collection, and creating one needs a prompt "
                               "that could not be shown. Create or unlock the default (\"Login\") keyring in your "
                               "keyring manager, then try again.",
                        detail);
        default:
            break;
        }
    }
    if (err && err->domain == G_IO_ERROR) {
        if (err->code == G_IO_ERROR_CLOSED) {
            // libsecret caches its service proxy; drop it so the next call reconnects.
            secret_service_disconnect();
            throw Error(ErrorKind::Storage, head + "the connection to the keyring was lost. Try again.", detail);
        }
        if (err->code == G_IO_ERROR_TIMED_OUT) {
            throw Error(ErrorKind::Storage,
                        head + "the keyring did not answer in time. Check that it is not waiting for you to "
                               "unlock it, then try again.",
                        detail);
        }
        if (err->code == G_IO_ERROR_CANCELLED) {
            throw Error(ErrorKind::Storage,
                        head + "the keyring prompt was dismissed. Unlock the keyring, then try again.", detail);
        }
    }
    throw Error(ErrorKind::Storage, head + detail + "." + kRemedy, detail);
}

// Whether any item carries our attributes, without unlocking or reading secrets: tells "not
// stored" apart from "stored but unreadable" (locked collection, a prompt that was dismissed).
bool itemExists(GHashTable* attrs) {
    GError* raw = nullptr;
    ListPtr found(secret_password_searchv_sync(petrelSchema(), attrs, SECRET_SEARCH_NONE, nullptr, &raw));
    ErrorPtr err(raw);
    return found != nullptr;
}

// `done` completes "could not be ...": "read", "removed".
[[noreturn]] void throwLockedItem(const std::string& done, const std::string& account) {
    throw Error(ErrorKind::Storage,
                "The password of account '" + account + "' is in the keyring but could not be " + done +
                    ": the keyring is locked. Unlock it (log in to your desktop session, or open your keyring "
                    "manager such as Seahorse), then try again.",
                "an item matches in a search that does not unlock, but the call did not reach it (locked collection, or a "
                "secret that is not text)");
}

}  // namespace

void LibsecretStore::store(const std::string& account, const std::string& user, const std::string& secret) {
    checkKey(account);
    checkSecret(account, secret);
    checkUtf8("account name", account);
    checkUtf8("user name", user);
    const BusPtr bus = sessionBus(account);
    const AttributesPtr attrs = attributesFor(account, user);
    const std::string label = "Petrel: " + account;
    GError* raw = nullptr;
    // Text API: stored as "text/plain", which both this class and wxSecretStore read back.
    const gboolean ok = secret_password_storev_sync(petrelSchema(), attrs.get(), SECRET_COLLECTION_DEFAULT,
                                                    label.c_str(), secret.c_str(), nullptr, &raw);
    ErrorPtr err(raw);
    if (!ok || err)
        throwKeyringError("store", account, err.get());
}

std::optional<std::string> LibsecretStore::lookup(const std::string& account, const std::string& user) {
    checkKey(account);
    checkUtf8("account name", account);
    checkUtf8("user name", user);
    const BusPtr bus = sessionBus(account);
    const AttributesPtr attrs = attributesFor(account, user);
    GError* raw = nullptr;
    PasswordPtr password(secret_password_lookupv_sync(petrelSchema(), attrs.get(), nullptr, &raw));
    ErrorPtr err(raw);
    if (err)
        throwKeyringError("read", account, err.get());
    if (!password) {
        if (itemExists(attrs.get()))
            throwLockedItem("read", account);
        return std::nullopt;
    }
    return std::string(password.get());
}

bool LibsecretStore::remove(const std::string& account, const std::string& user) {
    checkKey(account);
    checkUtf8("account name", account);
    checkUtf8("user name", user);
    const BusPtr bus = sessionBus(account);
    const AttributesPtr attrs = attributesFor(account, user);
    GError* raw = nullptr;
    const gboolean removed = secret_password_clearv_sync(petrelSchema(), attrs.get(), nullptr, &raw);
    ErrorPtr err(raw);
    if (err)
        throwKeyringError("remove", account, err.get());
    // Nothing removed although the item is there: it sits in a locked collection.
    if (!removed && itemExists(attrs.get()))
        throwLockedItem("removed", account);
    return removed != FALSE;
}

std::string LibsecretStore::displayName() const {
    return "the Secret Service keyring";
}

}  // namespace petrel::engine

#endif
