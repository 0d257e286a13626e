#if defined(__APPLE__)

#include "engine/KeychainStore.h"

#include "model/Error.h"

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include <vector>

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

namespace {

// Owns one Core Foundation reference (the "Create"/"Copy" rule).
template <typename T>
class CfRef {
public:
    CfRef() = default;
    explicit CfRef(T ref) : ref_(ref) {}
    CfRef(const CfRef&) = delete;
    CfRef& operator=(const CfRef&) = delete;
    CfRef(CfRef&& other) noexcept : ref_(other.ref_) { other.ref_ = nullptr; }
    CfRef& operator=(CfRef&&) = delete;
    ~CfRef() {
        if (ref_)
            CFRelease(ref_);
    }
    T get() const { return ref_; }
    explicit operator bool() const { return ref_ != nullptr; }

private:
    T ref_ = nullptr;
};

CfRef<CFStringRef> cfString(const std::string& s) {
    CFStringRef ref = CFStringCreateWithBytes(kCFAllocatorDefault, reinterpret_cast<const UInt8*>(s.data()),
                                              static_cast<CFIndex>(s.size()), kCFStringEncodingUTF8, false);
    if (!ref)
        throw Error(ErrorKind::Usage, "Account and user names must be valid UTF-8 to be filed in the Keychain.");
    return CfRef<CFStringRef>(ref);
}

std::string toUtf8(CFStringRef s) {
    if (!s)
        return {};
    const CFIndex length = CFStringGetLength(s);
    const CFIndex max = CFStringGetMaximumSizeForEncoding(length, kCFStringEncodingUTF8) + 1;
    std::vector<char> buf(static_cast<std::size_t>(max));
    if (!CFStringGetCString(s, buf.data(), max, kCFStringEncodingUTF8))
        return {};
    return std::string(buf.data());
}

std::string statusText(OSStatus status) {
    CfRef<CFStringRef> text(SecCopyErrorMessageString(status, nullptr));
    std::string message = toUtf8(text.get());
    return (message.empty() ? std::string("Security framework error") : message) + " (OSStatus " +
           std::to_string(static_cast<long>(status)) + ")";
}

[[noreturn]] void throwKeychainError(const std::string& action, const std::string& account, OSStatus status) {
    const std::string head = "Could not " + action + " the password of account '" + account + "' in the Keychain: ";
    const std::string detail = statusText(status);
    switch (status) {
    case errSecInteractionNotAllowed:
        throw Error(ErrorKind::Storage,
                    head + "the Keychain is locked and cannot ask you to unlock it now. Unlock your login keychain "
                           "(Keychain Access, or `security unlock-keychain`), then try again.",
                    detail);
    case errSecAuthFailed:
    case errSecUserCanceled:
        throw Error(ErrorKind::Storage,
                    head + "access was refused or the unlock prompt was cancelled. Allow Petrel when macOS asks, "
                           "then try again.",
                    detail);
    case errSecNoSuchKeychain:
    case errSecNotAvailable:
        throw Error(ErrorKind::Storage,
                    head + "no default keychain is available. Create or select one in Keychain Access, then try "
                           "again, or give the account a password command.",
                    detail);
    default:
        throw Error(ErrorKind::Storage, head + detail + ". Alternatively give the account a password command.",
                    detail);
    }
}

// class = generic password, service = "Petrel/<account>", account = <user>.
CfRef<CFMutableDictionaryRef> itemQuery(const std::string& account, const std::string& user) {
    CfRef<CFMutableDictionaryRef> query(CFDictionaryCreateMutable(kCFAllocatorDefault, 0,
                                                                  &kCFTypeDictionaryKeyCallBacks,
                                                                  &kCFTypeDictionaryValueCallBacks));
    if (!query)
        throw Error(ErrorKind::Storage, "Out of memory while preparing a Keychain query.");
    const CfRef<CFStringRef> service = cfString(secretServiceName(account));
    const CfRef<CFStringRef> userRef = cfString(user);
    CFDictionarySetValue(query.get(), kSecClass, kSecClassGenericPassword);
    CFDictionarySetValue(query.get(), kSecAttrService, service.get());
    CFDictionarySetValue(query.get(), kSecAttrAccount, userRef.get());
    return query;
}

}  // namespace

void KeychainStore::store(const std::string& account, const std::string& user, const std::string& secret) {
    checkKey(account);
    checkSecret(account, secret);
    const CfRef<CFMutableDictionaryRef> query = itemQuery(account, user);
    const CfRef<CFDataRef> data(CFDataCreate(kCFAllocatorDefault, reinterpret_cast<const UInt8*>(secret.data()),
                                             static_cast<CFIndex>(secret.size())));
    const CfRef<CFStringRef> label = cfString("Petrel: " + account);
    if (!data)
        throw Error(ErrorKind::Storage, "Out of memory while preparing a Keychain item.");

    // Update in place first: keeps the item's access list (which apps may read it) intact.
    CfRef<CFMutableDictionaryRef> changes(CFDictionaryCreateMutable(kCFAllocatorDefault, 0,
                                                                    &kCFTypeDictionaryKeyCallBacks,
                                                                    &kCFTypeDictionaryValueCallBacks));
    if (!changes)
        throw Error(ErrorKind::Storage, "Out of memory while preparing a Keychain item.");
    CFDictionarySetValue(changes.get(), kSecValueData, data.get());
    CFDictionarySetValue(changes.get(), kSecAttrLabel, label.get());
    OSStatus status = SecItemUpdate(query.get(), changes.get());
    if (status == errSecItemNotFound) {
        CFDictionarySetValue(query.get(), kSecValueData, data.get());
        CFDictionarySetValue(query.get(), kSecAttrLabel, label.get());
        status = SecItemAdd(query.get(), nullptr);
    }
    if (status != errSecSuccess)
        throwKeychainError("store", account, status);
}

std::optional<std::string> KeychainStore::lookup(const std::string& account, const std::string& user) {
    checkKey(account);
    const CfRef<CFMutableDictionaryRef> query = itemQuery(account, user);
    CFDictionarySetValue(query.get(), kSecReturnData, kCFBooleanTrue);
    CFDictionarySetValue(query.get(), kSecMatchLimit, kSecMatchLimitOne);
    CFTypeRef result = nullptr;
    const OSStatus status = SecItemCopyMatching(query.get(), &result);
    const CfRef<CFTypeRef> owned(result);
    if (status == errSecItemNotFound)
        return std::nullopt;
    if (status != errSecSuccess)
        throwKeychainError("read", account, status);
    if (!result || CFGetTypeID(result) != CFDataGetTypeID())
        throw Error(ErrorKind::Storage, "The Keychain returned an unexpected value for account '" + account + "'.");
    const auto data = static_cast<CFDataRef>(result);
    return std::string(reinterpret_cast<const char*>(CFDataGetBytePtr(data)),
                       static_cast<std::size_t>(CFDataGetLength(data)));
}

bool KeychainStore::remove(const std::string& account, const std::string& user) {
    checkKey(account);
    const CfRef<CFMutableDictionaryRef> query = itemQuery(account, user);
    const OSStatus status = SecItemDelete(query.get());
    if (status == errSecItemNotFound)
        return false;
    if (status != errSecSuccess)
        throwKeychainError("remove", account, status);
    return true;
}

std::string KeychainStore::displayName() const {
    return "the macOS Keychain";
}

}  // namespace petrel::engine

#endif
