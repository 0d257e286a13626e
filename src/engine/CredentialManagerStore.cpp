#if defined(_WIN32)

#include "engine/CredentialManagerStore.h"

#include "model/Error.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <wincred.h>

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

namespace {

std::wstring widen(const std::string& s) {
    if (s.empty())
        return {};
    const int n =
        MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()), nullptr, 0);
    if (n <= 0)
        throw Error(ErrorKind::Usage, "Account and user names must be valid UTF-8 to be filed in Credential Manager.");
    std::wstring w(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()), w.data(), n);
    return w;
}

std::wstring targetName(const std::string& account, const std::string& user) {
    return widen(secretServiceName(account) + "/" + user);
}

[[noreturn]] void throwCredError(const std::string& action, const std::string& account, DWORD code) {
    const std::string head =
        "Could not " + action + " the password of account '" + account + "' in Windows Credential Manager: ";
    const std::string detail = "Windows error " + std::to_string(code);
    switch (code) {
    case ERROR_NO_SUCH_LOGON_SESSION:
        throw Error(ErrorKind::Storage,
                    head + "this logon session has no credential store (a service or network logon). Run Petrel in "
                           "your own desktop session, or give the account a password command.",
                    detail);
    case ERROR_ACCESS_DENIED:
        throw Error(ErrorKind::Storage, head + "access was denied. Check your user's Credential Manager, then try "
                                               "again, or give the account a password command.",
                    detail);
    default:
        throw Error(ErrorKind::Storage, head + detail + ". Alternatively give the account a password command.",
                    detail);
    }
}

struct CredFreer {
    void operator()(PCREDENTIALW c) const { CredFree(c); }
};

}  // namespace

void CredentialManagerStore::store(const std::string& account, const std::string& user, const std::string& secret) {
    checkKey(account);
    checkSecret(account, secret);
    if (secret.size() > static_cast<std::size_t>(CRED_MAX_CREDENTIAL_BLOB_SIZE)) {
        throw Error(ErrorKind::Usage, "The password of account '" + account + "' is longer than Credential Manager "
                                      "allows (" + std::to_string(CRED_MAX_CREDENTIAL_BLOB_SIZE) + " bytes).");
    }
    std::wstring target = targetName(account, user);
    std::wstring userName = widen(user);
    std::wstring comment = widen("Petrel: " + account);

    CREDENTIALW cred{};
    cred.Type = CRED_TYPE_GENERIC;
    cred.TargetName = target.data();
    cred.Comment = comment.data();
    cred.CredentialBlobSize = static_cast<DWORD>(secret.size());
    // CredWriteW only reads the blob; the API is not const-correct.
    cred.CredentialBlob = reinterpret_cast<LPBYTE>(const_cast<char*>(secret.data()));
    cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
    cred.UserName = userName.data();
    if (!CredWriteW(&cred, 0))
        throwCredError("store", account, GetLastError());
}

std::optional<std::string> CredentialManagerStore::lookup(const std::string& account, const std::string& user) {
    checkKey(account);
    const std::wstring target = targetName(account, user);
    PCREDENTIALW raw = nullptr;
    if (!CredReadW(target.c_str(), CRED_TYPE_GENERIC, 0, &raw)) {
        const DWORD code = GetLastError();
        if (code == ERROR_NOT_FOUND)
            return std::nullopt;
        throwCredError("read", account, code);
    }
    const std::unique_ptr<CREDENTIALW, CredFreer> cred(raw);
    std::string secret(reinterpret_cast<const char*>(cred->CredentialBlob), cred->CredentialBlobSize);
    // The returned block is ours until CredFree: do not leave the password in freed memory.
    if (cred->CredentialBlob && cred->CredentialBlobSize)
        SecureZeroMemory(cred->CredentialBlob, cred->CredentialBlobSize);
    return secret;
}

bool CredentialManagerStore::remove(const std::string& account, const std::string& user) {
    checkKey(account);
    const std::wstring target = targetName(account, user);
    if (!CredDeleteW(target.c_str(), CRED_TYPE_GENERIC, 0)) {
        const DWORD code = GetLastError();
        if (code == ERROR_NOT_FOUND)
            return false;
        throwCredError("remove", account, code);
    }
    return true;
}

std::string CredentialManagerStore::displayName() const {
    return "Windows Credential Manager";
}

}  // namespace petrel::engine

#endif
