#pragma once
#include <string>

#include "cli/CommandLine.h"
#include "model/AccountConfig.h"

namespace petrel::cli {

OptionSpec accountAddOptions();

// Builds and validates an account from `account add` options: defaults for ports, a
// normalised fingerprint, POP3 options only for POP3, plaintext only when allowed.
model::AccountConfig accountFromOptions(const std::string& name, const CommandLine& cl);

// "AB:cd:..." or "abcd..." → 64 lowercase hex digits; Usage error otherwise.
std::string normaliseFingerprint(const std::string& text);

}  // namespace petrel::cli
